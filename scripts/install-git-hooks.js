// `npm ci` and `npm install` run this (the `prepare` script): it installs the git hooks configured under
// "simple-git-hooks" in package.json. Where there is nothing to install them in (an unpacked tarball, `npm pack`, a CI
// checkout without .git) or simple-git-hooks is not installed (`npm ci --omit=dev`), it says so and succeeds.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('.git')) {
  console.log('prepare: no .git here, git hooks not installed');
  process.exit(0);
}
const result = spawnSync('simple-git-hooks', { stdio: 'inherit' });
if (result.error) {
  console.log(`prepare: git hooks not installed (simple-git-hooks: ${result.error.message})`);
  process.exit(0);
}
process.exit(result.status ?? 1);
