// Bundles the action (main + post) and the CLI into dist/ with esbuild: one bundler, ESM output for Node.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

const banner = {
  js: [
    "import { createRequire as __cpgCreateRequire } from 'node:module';",
    'const require = __cpgCreateRequire(import.meta.url);',
  ].join('\n'),
};

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: {
    'action/main': 'src/action/main.ts',
    'action/post': 'src/action/post.ts',
    'cli/index': 'src/cli/index.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner,
  outExtension: { '.js': '.js' },
  legalComments: 'none',
  logLevel: 'warning',
  sourcemap: false,
  minify: false,
  // Keeps the output stable across machines so CI can diff dist/.
  metafile: false,
});
