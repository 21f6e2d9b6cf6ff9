import { execFileSync } from 'node:child_process';

/** Vitest global setup: the process tests run `dist/` as `npm start` does, so build it once before any file runs. */
export default function setup(): void {
  execFileSync('npm', ['run', 'build', '--silent'], {
    cwd: new URL('../../', import.meta.url).pathname,
    stdio: 'inherit',
  });
}
