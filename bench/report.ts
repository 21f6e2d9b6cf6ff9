import { cpus, platform, release, totalmem } from 'node:os';
import type { Pair } from './pair.js';
import { runs, settings } from './settings.js';

/** The results as the markdown table BENCHMARKS.md shows, and the machine they were measured on. */

export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}`;
}

const number = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

function row(entry: Pair): string {
  const { app, baseline, target } = entry;
  const onCpu = target.on === 'cpu';
  const ratio = (value: number, bold: boolean) => (bold ? `**${number(value, 2)}**` : number(value, 2));
  const bound = (limit: number) => (onCpu ? `CPU ≤ ${limit.toFixed(2)}` : `per s ≥ ${limit.toFixed(2)}`);
  return [
    entry.name,
    `${number(app.cpuUsPerRequest)} / ${number(baseline.cpuUsPerRequest)}`,
    ratio(entry.cpuRatio, onCpu),
    `${number(app.requestsPerSecond)} / ${number(baseline.requestsPerSecond)}`,
    ratio(entry.throughputRatio, !onCpu),
    target.ratio === undefined ? '—' : bound(target.ratio),
    entry.met === undefined ? 'informative' : entry.met ? 'met' : 'not met',
    `${number(app.p50Ms, 1)} / ${number(app.p99Ms, 1)}`,
    `${number(baseline.p50Ms, 1)} / ${number(baseline.p99Ms, 1)}`,
    `${number(app.peakRssMb)} / ${number(baseline.peakRssMb)}`,
  ].join(' | ');
}

/** PostgreSQL's share, where a pair reads it: a line under the table rather than a column most pairs leave empty. */
function databaseCpu(pairs: readonly Pair[]): string[] {
  return pairs
    .filter((entry) => entry.app.databaseCpuUsPerRequest !== undefined)
    .map(
      (entry) =>
        `${entry.name}: PostgreSQL's backends spent ${number(entry.app.databaseCpuUsPerRequest ?? Number.NaN)} / ${number(entry.baseline.databaseCpuUsPerRequest ?? Number.NaN)} µs of CPU per request besides.`,
    );
}

export function markdown(pairs: readonly Pair[], command: string, date: string): string {
  const warmUp = settings.warmUpShare > 0 ? ` after a warm-up of ${settings.warmUpShare * 100} % as many` : '';
  const loads = [
    ...(runs('http') || runs('instances') || runs('tracing')
      ? [
          `${settings.connections} connections, ${settings.requests} requests per run (${settings.postgresRequests} on PostgreSQL)${warmUp}`,
        ]
      : []),
    ...(runs('relay') || runs('instances') ? [`${settings.events} events per drain`] : []),
  ];
  const rounds = settings.rounds === 1 ? 'one round' : `${settings.rounds} rounds alternating sides, medians`;
  return [
    '| pair | CPU µs per request app / baseline | CPU ratio | per s app / baseline | per s ratio | target | | app p50 / p99 ms | baseline p50 / p99 ms | peak RSS MiB app / baseline |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
    ...pairs.map((entry) => `| ${row(entry)} |`),
    '',
    ...databaseCpu(pairs).flatMap((line) => [line, '']),
    `Measured ${date} on ${machine()} with \`${command}\`: ${loads.join(', ')}; ${rounds}.`,
  ].join('\n');
}
