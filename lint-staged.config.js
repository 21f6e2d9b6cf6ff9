// The pre-commit hook (`npx lint-staged --concurrent false`, see "simple-git-hooks" in package.json) runs this on the
// staged files only, one glob after the other: secretlint and Prettier on every file, then ESLint on the code.
//
// ESLint's type-aware rules need a TypeScript program. With the project service (eslint.config.js) that program is
// the whole tsconfig.json, ~1,400 files: 7-10 s before the first rule runs, for one staged file. Here ESLint gets a
// program rooted at the staged TypeScript files instead (tsconfig.json's options, `files` = the staged ones, so only
// what they import is loaded): 3-4 s for a few files. `npm run lint` and CI still lint the whole tree with the project
// service.
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

const ROOT = import.meta.dirname;
/** Gitignored (.cache/), rewritten at each commit. */
const STAGED_TSCONFIG = '.cache/tsconfig.lint-staged.json';

const quote = (files) => files.map((file) => JSON.stringify(file)).join(' ');

export default {
  '*': ['secretlint --no-glob', 'prettier --write --ignore-unknown'],
  '*.{ts,mts,cts,js,mjs,cjs}': (files) => {
    const typescript = files.filter((file) => /\.[mc]?ts$/.test(file));
    const javascript = files.filter((file) => !/\.[mc]?ts$/.test(file));
    const commands = [];
    if (typescript.length > 0) {
      mkdirSync(`${ROOT}/.cache`, { recursive: true });
      const tsconfig = {
        extends: '../tsconfig.json',
        include: [],
        files: typescript.map((file) => `../${relative(ROOT, file)}`),
      };
      writeFileSync(`${ROOT}/${STAGED_TSCONFIG}`, `${JSON.stringify(tsconfig, null, 2)}\n`);
      commands.push(
        'eslint --no-warn-ignored --parser-options=projectService:false ' +
          `--parser-options=project:${STAGED_TSCONFIG} ${quote(typescript)}`,
      );
    }
    // plain JavaScript is linted without type information (eslint.config.js), so without the staged program
    if (javascript.length > 0) commands.push(`eslint --no-warn-ignored ${quote(javascript)}`);
    return commands;
  },
};
