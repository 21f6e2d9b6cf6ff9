import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const redocly = fileURLToPath(new URL('../../node_modules/@redocly/cli/bin/cli.js', import.meta.url));

interface LintReport {
  readonly totals: { readonly errors: number; readonly warnings: number };
  readonly problems: readonly {
    readonly ruleId: string;
    readonly severity: 'error' | 'warn';
    readonly message: string;
    readonly location: readonly { readonly pointer: string }[];
  }[];
}

/**
 * Warnings of the recommended ruleset that are known and accepted; any other warning fails the test, so a new
 * route without a 4xx answer, or an example that does not match its schema, does not slip in.
 */
const ACCEPTED_WARNINGS: ReadonlyMap<string, string> = new Map([
  // The probes read no input, are exempt from the rate limit and answer no 4xx at all.
  ['operation-4xx-response #/paths/~1health~1live/get/responses', 'probe'],
  ['operation-4xx-response #/paths/~1health~1ready/get/responses', 'probe'],
]);

describe('openapi.json', () => {
  it('passes the Redocly linter (recommended rules, redocly.yaml) without an error', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [redocly, 'lint', 'openapi.json', '--format=json'], {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: unknown) => {
      // Exit code 1 means errors: report them below from the JSON it still printed.
      const { stdout: printed, stderr } = error as { stdout?: string; stderr?: string };
      if (!printed) throw new Error(`redocly lint did not run: ${stderr ?? String(error)}`);
      return { stdout: printed };
    });
    const report = JSON.parse(stdout) as LintReport;
    const describe = (problem: LintReport['problems'][number]) =>
      `${problem.ruleId} ${problem.location[0]?.pointer ?? ''}`;

    const errors = report.problems.filter((problem) => problem.severity === 'error');
    expect(
      errors.map((problem) => `${describe(problem)}: ${problem.message}`),
      'redocly lint errors',
    ).toEqual([]);
    const unexpected = report.problems.filter(
      (problem) => problem.severity === 'warn' && !ACCEPTED_WARNINGS.has(describe(problem)),
    );
    expect(
      unexpected.map((problem) => `${describe(problem)}: ${problem.message}`),
      'new redocly lint warnings',
    ).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 60_000);
});
