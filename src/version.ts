import packageJson from '../package.json' with { type: 'json' };

/** This build's version, from package.json (inlined by esbuild into the bundle). */
export const CLI_VERSION: string = packageJson.version;
