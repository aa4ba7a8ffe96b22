// Structure checks of src/ (run in CI): no function longer than MAX_FUNCTION_LINES lines, no file
// longer than MAX_FILE_LINES lines, a pure
// core (src/core imports only src/core, packages and node:crypto), entry points that share
// modules below them instead of importing each other (src/action ↮ src/cli), and no import circle. Parses with the
// TypeScript compiler; prints one line per finding and exits 1 when there is any.
// Usage: node scripts/check-structure.mjs [CHECKOUT] (default: this repository).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const MAX_FUNCTION_LINES = 80;
const MAX_FILE_LINES = 400;
/** Packages and builtins the pure core may import (no I/O: hashing only). */
const CORE_PACKAGES = new Set(['ajv', 'ajv-formats', 'node:crypto', 'simple-statistics', 'yaml']);
/** Folders that must not import each other: [importer, forbidden]. */
const SEPARATE = [
  ['src/action', 'src/cli'],
  ['src/cli', 'src/action'],
];

/** The checkout whose src/ is checked: the argument, or this script's repository. */
const root = resolve(process.argv[2] ?? join(dirname(new URL(import.meta.url).pathname), '..'));

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const inside = (path, folder) => path === folder || path.startsWith(`${folder}/`);

/** A readable name for a function-like node. */
function nameOf(node, file) {
  if (node.name) return node.name.getText(file);
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.name) {
    return parent.name.getText(file);
  }
  return '(anonymous)';
}

function checkFileLength(file, rel, findings) {
  const lines = file.getLineAndCharacterOfPosition(file.getEnd()).line + 1;
  if (lines > MAX_FILE_LINES) {
    findings.push(
      `${rel}: ${lines} lines (at most ${MAX_FILE_LINES}): move one concern into a file of its own`,
    );
  }
}

function checkFunctions(file, rel, findings) {
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
      const end = file.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > MAX_FUNCTION_LINES) {
        findings.push(
          `${rel}:${start + 1}: function ${nameOf(node, file)} is ${lines} lines (at most ${MAX_FUNCTION_LINES}): split it along its steps`,
        );
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
}

/** Module specifiers of static imports, re-exports and dynamic imports. */
function specifiers(file) {
  const found = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      found.push({ node, text: node.moduleSpecifier.text });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ node, text: node.arguments[0].text });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function checkImports(file, rel, findings) {
  for (const { node, text } of specifiers(file)) {
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    const target = text.startsWith('.') ? relative(root, resolve(dirname(join(root, rel)), text)) : null;
    if (inside(rel, 'src/core')) {
      const ok = target === null ? CORE_PACKAGES.has(text) : inside(target, 'src/core');
      if (!ok) {
        findings.push(
          `${rel}:${line}: src/core must import only src/core (pure core), not '${text}': move the type or helper into src/core`,
        );
      }
    }
    for (const [importer, forbidden] of SEPARATE) {
      if (target !== null && inside(rel, importer) && inside(target, forbidden)) {
        findings.push(
          `${rel}:${line}: ${importer} must not import ${forbidden} ('${text}'): move what both use below them`,
        );
      }
    }
  }
}

/** The file a relative specifier names (`./x.js` → src/…/x.ts), or null for a package. */
function targetFile(rel, text) {
  if (!text.startsWith('.')) return null;
  return relative(root, resolve(dirname(join(root, rel)), text)).replace(/\.js$/, '.ts');
}

/**
 * Import circles (type-only imports included: a circle of types is a circle of concepts), found as
 * the strongly connected components of the import graph (Tarjan); one finding per circle, naming
 * its files.
 */
function checkCircles(graph, findings) {
  let index = 0;
  const stack = [];
  const state = new Map();
  const strongConnect = (node) => {
    state.set(node, { index, low: index, onStack: true });
    index++;
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!state.has(next)) {
        strongConnect(next);
        state.get(node).low = Math.min(state.get(node).low, state.get(next).low);
      } else if (state.get(next).onStack) {
        state.get(node).low = Math.min(state.get(node).low, state.get(next).index);
      }
    }
    if (state.get(node).low === state.get(node).index) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        state.get(member).onStack = false;
        component.push(member);
      } while (member !== node);
      if (component.length > 1) {
        findings.push(
          `import circle of ${component.length} files: ${component.sort().join(' → ')}: move what they share into one module below them`,
        );
      }
    }
  };
  for (const node of graph.keys()) if (!state.has(node)) strongConnect(node);
}

const findings = [];
const files = sourceFiles(join(root, 'src'));
const graph = new Map();
for (const path of files) {
  const rel = relative(root, path);
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  checkFileLength(file, rel, findings);
  checkFunctions(file, rel, findings);
  checkImports(file, rel, findings);
  graph.set(
    rel,
    new Set(
      specifiers(file)
        .map(({ text }) => targetFile(rel, text))
        .filter((t) => t !== null),
    ),
  );
}
checkCircles(graph, findings);
for (const finding of findings) console.error(finding);
console.log(
  findings.length === 0
    ? `structure: ${files.length} files in src/ ok (functions ≤ ${MAX_FUNCTION_LINES} lines, files ≤ ${MAX_FILE_LINES} lines, pure core, action ↮ cli, no import circles)`
    : `structure: ${findings.length} finding(s) in ${files.length} files`,
);
process.exit(findings.length === 0 ? 0 : 1);
