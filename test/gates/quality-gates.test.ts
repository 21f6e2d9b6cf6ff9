import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The git hooks of package.json ("simple-git-hooks", "lint-staged"), each shown catching what it is for, in a
 * temporary clone of this repository: a planted secret blocks a commit; a lint error (type-aware or not), which the
 * pre-commit hook leaves to the pre-push hook, and a failing unit test each block a push to a bare repository. The
 * clone gets this work tree's files on top of HEAD (so uncommitted changes to the gates are what is tested), this
 * repository's node_modules through a symlink (`npm ci` there would take minutes), and its hooks from
 * `npx simple-git-hooks`, as `npm ci` installs them.
 *
 * Each hook's duration is printed; the budgets (pre-commit < 2 s, pre-push < 60 s) are reported, not asserted: under
 * `npm test` this file shares the machine with every other suite.
 */

const REPO = fileURLToPath(new URL('../../', import.meta.url));

const COMMIT_TIMEOUT_MS = 120_000;
const PUSH_TIMEOUT_MS = 300_000;

interface RunResult {
  status: number | null;
  output: string;
  seconds: number;
}

/** The environment of a developer's shell: nothing of this vitest run, and no git settings but the clone's own. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(VITEST|GIT_|NODE_V8_COVERAGE$|NODE_ENV$|TEST$)/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', FORCE_COLOR: '0', NO_COLOR: '1' };
}

function run(command: string, args: readonly string[], cwd: string): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output, seconds: (performance.now() - started) / 1000 }));
  });
}

/** Runs a command that must succeed, and answers its output. */
async function must(command: string, args: readonly string[], cwd: string): Promise<string> {
  const result = await run(command, args, cwd);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${result.output}`);
  }
  return result.output;
}

let work: string;
let clone: string;
let bare: string;
/** The clone's first commit: every test starts from it. */
let start: string;
const durations: string[] = [];

function git(...args: string[]): Promise<string> {
  return must('git', args, clone);
}

function write(path: string, content: string): void {
  mkdirSync(dirname(join(clone, path)), { recursive: true });
  writeFileSync(join(clone, path), content);
}

/** Back to the first commit, with nothing staged or untracked (node_modules is excluded, so it stays). */
async function resetClone(): Promise<void> {
  await git('reset', '--quiet', '--hard', start);
  await git('clean', '-fdq');
}

function record(what: string, result: RunResult): void {
  const line = `${what}: ${result.seconds.toFixed(1)} s (exit ${result.status})`;
  durations.push(line);
  console.log(`[quality gates] ${line}`);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'quality-gates-'));
  clone = join(work, 'clone');
  bare = join(work, 'remote.git');
  await must('git', ['clone', '--quiet', REPO, clone], work);

  // this work tree on top of HEAD: changed and untracked files (not ignored ones), and deletions, staged or not
  const listed = await must('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], REPO);
  const committed = await must('git', ['ls-tree', '-r', '-z', '--name-only', 'HEAD'], REPO);
  for (const path of new Set([...listed.split('\0'), ...committed.split('\0')].filter(Boolean))) {
    if (existsSync(join(REPO, path))) cpSync(join(REPO, path), join(clone, path), { dereference: false });
    else rmSync(join(clone, path), { force: true });
  }
  // ignored by .gitignore (`node_modules`, without a slash, so a symlink too), so `git clean` keeps it
  symlinkSync(join(REPO, 'node_modules'), join(clone, 'node_modules'), 'dir');

  await git('config', 'user.name', 'Quality Gates');
  await git('config', 'user.email', 'gates@example.com');
  await git('config', 'commit.gpgsign', 'false');
  await git('add', '--all');
  // no hooks yet: this commit is only the starting point
  await git('commit', '--quiet', '--allow-empty', '--no-verify', '-m', 'The work tree under test');
  start = (await git('rev-parse', 'HEAD')).trim();

  await must('git', ['init', '--quiet', '--bare', bare], work);
  await git('remote', 'remove', 'origin');
  await git('remote', 'add', 'gate', bare);

  // what `npm ci` does through the `prepare` script
  await must('npx', ['--no-install', 'simple-git-hooks'], clone);
  expect(existsSync(join(clone, '.git/hooks/pre-commit'))).toBe(true);
  expect(existsSync(join(clone, '.git/hooks/pre-push'))).toBe(true);
}, COMMIT_TIMEOUT_MS);

afterAll(() => {
  console.log(`[quality gates] hook durations on this machine:\n  ${durations.join('\n  ')}`);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('pre-commit (lint-staged: Prettier, then secretlint, on the staged files)', () => {
  it(
    'lets a clean change through, formatted by Prettier',
    async () => {
      await resetClone();
      // a few staged files, as in an everyday commit: a new module (written unformatted), a test and a document
      write('src/domain/gate-sample.ts', 'export function double(n: number): number { return n*2 }\n');
      write(
        'test/unit/gate-sample.test.ts',
        [
          "import { expect, it } from 'vitest';",
          "import { double } from '../../src/domain/gate-sample.js';",
          '',
          "it('doubles', () => {",
          '  expect(double(2)).toBe(4);',
          '});',
          '',
        ].join('\n'),
      );
      write('docs/gate-sample.md', '# A note\n\nWritten to be committed.\n');
      await git('add', '--all');

      const result = await run('git', ['commit', '-m', 'A clean change'], clone);
      record('pre-commit, clean change of 3 files', result);

      expect(result.status, result.output).toBe(0);
      expect(readFileSync(join(clone, 'src/domain/gate-sample.ts'), 'utf8')).toBe(
        'export function double(n: number): number {\n  return n * 2;\n}\n',
      );
      expect(await git('status', '--porcelain')).toBe('');
    },
    COMMIT_TIMEOUT_MS,
  );

  it(
    'blocks a commit that adds a private key or an AWS secret, naming each file and line',
    async () => {
      await resetClone();
      // made up here, never committed: a PEM private key and an AWS secret access key
      const pem = [
        '-----BEGIN RSA ' + 'PRIVATE KEY-----',
        ...Array.from({ length: 6 }, (_, n) => 'MIIE' + String.fromCharCode(65 + n).repeat(60)),
        '-----END RSA ' + 'PRIVATE KEY-----',
        '',
      ].join('\n');
      write('config/deploy-key.pem', pem);
      write(
        'config/deploy.env',
        ['REGION=eu-west-1', 'AWS_SECRET_ACCESS_KEY=' + 'q8Rz3kLmN0pQ/sT5uVwX7yZ1aBcD2eFgH4iJkL6m', ''].join('\n'),
      );
      await git('add', '--all');
      const before = await git('rev-parse', 'HEAD');

      const result = await run('git', ['commit', '-m', 'Add deploy credentials'], clone);
      record('pre-commit, planted secrets', result);

      expect(result.status, result.output).not.toBe(0);
      expect(result.output).toContain('config/deploy-key.pem');
      expect(result.output).toMatch(/1:\d+\s+error\s+\[PrivateKey\]/);
      expect(result.output).toContain('config/deploy.env');
      expect(result.output).toMatch(/2:\d+\s+error\s+\[AWSSecretAccessKey\]/);
      expect(await git('rev-parse', 'HEAD')).toBe(before);
    },
    COMMIT_TIMEOUT_MS,
  );
});

describe('pre-push (typecheck, npm run lint, npm run test:unit)', () => {
  it(
    'blocks a push with lint errors, a type-aware one included, which the pre-commit hook let through',
    async () => {
      await resetClone();
      write(
        'src/domain/gate-lint.ts',
        [
          'export function fireAndForget(task: () => Promise<void>): void {',
          '  task();',
          '}',
          '',
          'export function unused(value: any): void {}',
          '',
        ].join('\n'),
      );
      await git('add', '--all');
      // the pre-commit hook formats and looks for secrets, nothing more: the commit goes through
      const commit = await run('git', ['commit', '-m', 'Fire and forget'], clone);
      expect(commit.status, commit.output).toBe(0);

      const result = await run('git', ['push', 'gate', 'HEAD:refs/heads/main'], clone);
      record('pre-push, typecheck + lint (lint errors)', result);

      expect(result.status, result.output).not.toBe(0);
      expect(result.output).toContain('src/domain/gate-lint.ts');
      expect(result.output).toContain('@typescript-eslint/no-floating-promises');
      expect(result.output).toContain('@typescript-eslint/no-explicit-any');
      expect(await must('git', ['for-each-ref'], bare)).toBe('');
    },
    PUSH_TIMEOUT_MS,
  );

  it(
    'blocks a push with a failing unit test',
    async () => {
      await resetClone();
      write(
        'test/unit/gate-failing.test.ts',
        [
          "import { expect, it } from 'vitest';",
          '',
          "it('planted by the quality gates test to fail', () => {",
          '  expect(1 + 1).toBe(3);',
          '});',
          '',
        ].join('\n'),
      );
      await git('add', '--all');
      // the test is clean code, so the pre-commit hook lets it in
      const commit = await run('git', ['commit', '-m', 'A failing test'], clone);
      expect(commit.status, commit.output).toBe(0);

      const result = await run('git', ['push', 'gate', 'HEAD:refs/heads/main'], clone);
      record('pre-push, typecheck + lint + unit tests (one failing)', result);

      expect(result.status, result.output).not.toBe(0);
      expect(result.output).toContain('planted by the quality gates test to fail');
      expect(result.output).toMatch(/Tests\s+1 failed/);
      expect(await must('git', ['for-each-ref'], bare)).toBe('');
    },
    PUSH_TIMEOUT_MS,
  );
});
