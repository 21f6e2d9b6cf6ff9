// The pre-commit hook (`lint-staged`, see "simple-git-hooks" in package.json) runs this on the staged files only:
// Prettier, then secretlint on what will be committed. These two guard what a commit cannot take back: a secret is in
// the history as soon as it is committed, and formatting is fixed for free.
//
// ESLint is not here: loading its TypeScript parser costs more than a second before the first rule runs, so even
// without type information the hook took 3.0-4.1 s for one staged source file, over its 2 s budget (5.7-7.1 s with
// type information). ESLint runs, type-aware, in the pre-push hook beside the typecheck, and in CI (`npm run lint`,
// the whole tree).
export default {
  '*': ['prettier --write --ignore-unknown', 'secretlint --no-glob'],
};
