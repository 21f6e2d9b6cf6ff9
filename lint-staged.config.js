// The pre-commit hook (`lint-staged`, see "simple-git-hooks" in package.json) runs this on the staged files only:
// Prettier, then secretlint on what will be committed. These two guard what a commit cannot take back: a secret is in
// the history as soon as it is committed, and formatting is fixed for free.
//
// ESLint is not here: loading the TypeScript parser alone takes ~1.5 s, which put the hook over its 2 s budget even
// without type information (3.0 s) and far over with it (5.7 s). ESLint runs, type-aware, in the pre-push hook beside
// the typecheck, and in CI (`npm run lint`, the whole tree).
export default {
  '*': ['prettier --write --ignore-unknown', 'secretlint --no-glob'],
};
