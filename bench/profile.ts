import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from './measure.js';
import { cpuMicroseconds } from './process-usage.js';
import { selfTimeByPart, type CpuProfile } from './profile-parts.js';
import { orderBody, placeOne, type BenchRequest } from './requests.js';
import { APP, BARE, start, stop, type ServerCommand } from './servers.js';
import { smoke } from './settings.js';
import { replaceSection } from './markers.js';

/**
 * `npm run bench:profile`: where pairs 1 and 2 spend their CPU. Each side runs under `node --cpu-prof` and takes the
 * same load as in `npm run bench`; the samples taken while it ran are summed by part (bench/profile-parts.ts) and
 * divided by the requests. Profiling slows JavaScript more than the kernel, so the parts are to be read as shares.
 */

const requests = smoke ? 300 : 30_000;
const MEMORY = { ORDERS_REPOSITORY: 'memory' };
const now = () => Number(process.hrtime.bigint() / 1000n);

interface Profiled {
  readonly cpuUsPerRequest: number;
  readonly parts: Map<string, number>;
}

async function profiled(command: ServerCommand, env: Record<string, string>, method: 'GET' | 'POST') {
  const directory = mkdtempSync(join(tmpdir(), 'bench-profile-'));
  const server = await start(
    { args: ['--cpu-prof', `--cpu-prof-dir=${directory}`, ...command.args], env: command.env },
    env,
  );
  try {
    const request: BenchRequest =
      method === 'GET'
        ? { method, path: `/orders/${await placeOne(server.url)}` }
        : { method, path: '/orders', body: orderBody };
    await load(server.url, request, requests / 10);
    const [from, before] = [now(), cpuMicroseconds(server.child.pid)];
    await load(server.url, request, requests);
    const [to, after] = [now(), cpuMicroseconds(server.child.pid)];
    await stop(server);
    const [file] = readdirSync(directory);
    const profile = JSON.parse(readFileSync(join(directory, file ?? ''), 'utf8')) as CpuProfile;
    const parts = new Map([...selfTimeByPart(profile, from, to)].map(([part, us]) => [part, us / requests]));
    return { cpuUsPerRequest: (after - before) / requests, parts } satisfies Profiled;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function table(name: string, app: Profiled, baseline: Profiled): string {
  const parts = [...new Set([...app.parts.keys(), ...baseline.parts.keys()])].sort(
    (a, b) => (app.parts.get(b) ?? 0) - (app.parts.get(a) ?? 0),
  );
  const us = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(1));
  const sum = (side: Profiled) => [...side.parts.values()].reduce((total, value) => total + value, 0);
  return [
    `**${name}** — µs per request of the main thread's samples, app / baseline`,
    '',
    '| part | app | baseline |',
    '| --- | ---: | ---: |',
    ...parts.map((part) => `| ${part} | ${us(app.parts.get(part))} | ${us(baseline.parts.get(part))} |`),
    `| **all sampled** | **${us(sum(app))}** | **${us(sum(baseline))}** |`,
    `| CPU of the process while profiled (/proc) | ${us(app.cpuUsPerRequest)} | ${us(baseline.cpuUsPerRequest)} |`,
  ].join('\n');
}

const tables: string[] = [];
for (const [name, method] of [
  ['1. GET /orders/{id} (memory)', 'GET'],
  ['2. POST /orders (memory)', 'POST'],
] as const) {
  console.log(`${name}: profiling the app, then the baseline`);
  tables.push(table(name, await profiled(APP, MEMORY, method), await profiled(BARE, {}, method)));
}
const measured = `Measured ${new Date().toISOString()} with \`npm run bench:profile\`: ${requests} requests per side after ${requests / 10} of warm-up, 50 connections.`;
const section = `${tables.join('\n\n')}\n\n${measured}`;
console.log(`\n${section}\n`);
if (!smoke) await replaceSection('profile', section);
