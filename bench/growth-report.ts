import type { Generation } from './growth-data.js';
import type { Plan } from './growth-plans.js';
import type { Side } from './pair.js';
import type { settings } from './settings.js';

/** The growth bench's results as the BENCHMARKS.md section shows them: the table, the data, the plans. */

export interface Row {
  readonly query: string;
  /** The measured figures on the smaller database, then the larger. */
  readonly small: Side;
  readonly large: Side;
  /** p99 on the larger database / p99 on the smaller */
  readonly ratio: number;
  readonly met: boolean;
}

export interface GrowthReport {
  readonly date: string;
  readonly machine: string;
  readonly command: string;
  /** The load: connections, warm-up share, rounds, and the requests per run of each read on each database. */
  readonly settings: Pick<typeof settings, 'connections' | 'warmUpShare' | 'rounds'> & { readonly requests: number };
  readonly target: number;
  readonly generations: readonly (Generation & { readonly size: number })[];
  readonly rows: readonly Row[];
  readonly plans: readonly Plan[];
}

const count = (value: number) => value.toLocaleString('en');
const ms = (side: Side) => `${side.p50Ms.toFixed(1)} / ${side.p99Ms.toFixed(1)}`;

function generated({ size, lines, seconds, totalSeconds }: GrowthReport['generations'][number]): string {
  const steps = Object.entries(seconds)
    .map(([step, taken]) => `${step} ${taken.toFixed(1)} s`)
    .join(', ');
  return `- ${count(size)} orders with ${count(lines)} lines, an event and a delivery each: ${totalSeconds.toFixed(0)} s (${steps})`;
}

export function growthMarkdown(report: GrowthReport): string {
  const [small, large] = report.generations;
  if (!small || !large) throw new Error('the report needs two databases');
  const { connections, warmUpShare, rounds, requests } = report.settings;
  const warmUp = warmUpShare > 0 ? ` after a warm-up of ${warmUpShare * 100} % as many` : '';
  const header = `| query | ${count(small.size)} orders p50 / p99 ms | ${count(large.size)} orders p50 / p99 ms | p99 ratio | target | |`;
  return [
    header,
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...report.rows.map(
      (row) =>
        `| ${row.query} | ${ms(row.small)} | ${ms(row.large)} | **${row.ratio.toFixed(2)}** | ≤ ${report.target.toFixed(1)} | ${row.met ? 'met' : 'not met'} |`,
    ),
    '',
    `Measured ${report.date} on ${report.machine} with \`${report.command}\`: ${connections} connections, ` +
      `${requests} requests per run${warmUp}; ${rounds === 1 ? 'one round' : `${rounds} rounds alternating the databases, medians`}.`,
    '',
    'Generated in SQL:',
    '',
    ...report.generations.map(generated),
    '',
    `The plans on ${count(large.size)} orders, after the run, as orders_service bound to the tenant:`,
    ...report.plans.flatMap(({ query, statement, plan }) => [
      '',
      `${query}:`,
      '',
      '```sql',
      statement.sql,
      `-- bindings: ${JSON.stringify(statement.bindings)}`,
      '```',
      '',
      '```text',
      plan,
      '```',
    ]),
  ].join('\n');
}
