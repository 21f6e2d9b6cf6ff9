import { mkdirSync, writeFileSync } from 'node:fs';
import { TestDatabase } from '../test/support/postgres.js';
import { httpInstancesPair } from './http-instances-pair.js';
import { httpPairs } from './http-pairs.js';
import { relayInstancesPair } from './relay-instances-pair.js';
import { relayPair } from './relay-pair.js';
import { replaceSection } from './markers.js';
import { machine, markdown } from './report.js';
import { partial, root, runs, settings, smoke } from './settings.js';
import { tracingPair } from './tracing-pair.js';

/**
 * `npm run bench`: each pair measures the app against a baseline doing the same work with no architecture, in one run
 * on one machine, alternating sides; the table goes to the console, bench/results/latest.json and BENCHMARKS.md. Pairs
 * 6 to 8 set the app against itself, with one instance or two and with tracing off or on, for information.
 */
const database = await TestDatabase.create();
try {
  const pairs = [
    ...(runs('http') ? await httpPairs(database) : []),
    ...(runs('relay') ? [await relayPair(database)] : []),
    ...(runs('instances') ? [await httpInstancesPair(database), await relayInstancesPair(database)] : []),
    ...(runs('tracing') ? [await tracingPair()] : []),
  ];
  const date = new Date().toISOString();
  const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  const table = markdown(pairs, command, date);
  console.log(`\n${table}\n`);
  mkdirSync(`${root}bench/results`, { recursive: true });
  if (partial) {
    // A partial run is for profiling or a quick look; the committed results stay whole.
  } else if (smoke) {
    writeFileSync(
      `${root}bench/results/smoke.json`,
      `${JSON.stringify({ date, machine: machine(), settings, pairs }, null, 2)}\n`,
    );
  } else {
    writeFileSync(
      `${root}bench/results/latest.json`,
      `${JSON.stringify({ date, machine: machine(), command, settings, pairs }, null, 2)}\n`,
    );
    await replaceSection('results', table);
  }
  for (const entry of pairs)
    if (entry.app.errors + entry.baseline.errors > 0) throw new Error(`${entry.name}: requests failed during the run`);
} finally {
  await database.drop();
}
