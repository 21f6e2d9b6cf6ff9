import { mkdirSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { DEVELOPMENT_SECRET } from '../src/adapters/http/authentication-config.js';
import { signToken } from '../src/adapters/http/token-signing.js';
import { replaceSection } from './markers.js';
import { APP, start, stop } from './servers.js';
import { root } from './settings.js';

/**
 * `npm run bench:liveness`: how slow does `GET /health/live` get while someone sends the heaviest requests the limits
 * let through, or the worst ones they refuse? Each scenario runs for a few seconds against the built server (memory
 * repository, 100 orders of 100 lines) while a probe asks /health/live every 25 ms; the table reports the probe's
 * worst and 99th-percentile latency. `--smoke` runs each scenario briefly, only to keep the harness working.
 */
const smoke = process.argv.includes('--smoke');
const SCENARIO_MS = smoke ? 500 : 5_000;
const ATTACKERS = 4;

const token = await signToken(
  { subject: 'staff-bench', tenant: 'bench', roles: ['staff'] },
  { secret: DEVELOPMENT_SECRET, ttlSeconds: 3600 },
);
const authorization = `Bearer ${token}`;

const LINES = Array.from({ length: 100 }, (_, line) => ({ sku: `SKU-${line}`, quantity: 1, unitPrice: 100 }));
const placeBody = JSON.stringify({ customerId: 'c-bench', customerEmail: 'bench@example.com', items: LINES });

function post(url: string, path: string, body: string, contentType = 'application/json'): Promise<number> {
  return fetch(`${url}${path}`, { method: 'POST', headers: { authorization, 'content-type': contentType }, body }).then(
    async (response) => {
      await response.arrayBuffer();
      return response.status;
    },
  );
}

const ORDER_FIELDS = 'id customerId customerEmail status currency total version cancellationReason createdAt updatedAt';
const EVERY_LINE = 'items { sku quantity unitPrice }';
const graphql = (query: string) => JSON.stringify({ query });
// Built once: the sender's own work must not slow the probe's process.
const HUGE_ORDER = JSON.stringify({ customerId: 'c', customerEmail: 'a@b.co', items: Array(22_000).fill(LINES[0]) });
const MANY_ALIASES = graphql(
  `{ orders(first: 100) { items { ${Array.from({ length: 200 }, (_, n) => `a${n}: ${EVERY_LINE}`).join(' ')} } } }`,
);
const MANY_FIELDS = graphql(`{ ${'__typename '.repeat(95_000)}}`);
const NESTED = graphql(`
  ${'{ a '.repeat(200_000)}
  ${'}'.repeat(200_000)}
`);
const REPEATED_KEY = graphql(`{ ${'orders { nextCursor } '.repeat(1_240)}}`);
const fragmentOfLines = (n: number) => `fragment F${n} on Query { orders { items { ${'items { sku } '.repeat(8)}} } }`;
const REPEATED_FRAGMENTS = graphql(
  `{ ${Array.from({ length: 99 }, (_, n) => `...F${n}`).join(' ')} } ${Array.from({ length: 99 }, (_, n) => fragmentOfLines(n)).join(' ')}`,
);

/** What an attacker sends, each as a function of the server's URL that resolves to the answer's status. */
const SCENARIOS: Record<string, (url: string) => Promise<number>> = {
  'idle (no attack)': () => new Promise((resolve) => setTimeout(() => resolve(200), 50)),
  'GraphQL: the largest legitimate query (100 orders × 100 lines)': (url) =>
    post(url, '/graphql', graphql(`{ orders(first: 100) { nextCursor items { ${ORDER_FIELDS} ${EVERY_LINE} } } }`)),
  'GraphQL: lines under 200 aliases in a page of 100 (refused)': (url) => post(url, '/graphql', MANY_ALIASES),
  'GraphQL: 1 MiB document of fields (refused)': (url) => post(url, '/graphql', MANY_FIELDS),
  'GraphQL: 1 MiB document of nested braces (refused)': (url) => post(url, '/graphql', NESTED),
  'GraphQL: one key selected 1,240 times (refused)': (url) => post(url, '/graphql', REPEATED_KEY),
  'GraphQL: 99 fragments selecting the same lines (refused)': (url) => post(url, '/graphql', REPEATED_FRAGMENTS),
  'REST: GET /orders?limit=100 (100 orders × 100 lines)': (url) =>
    fetch(`${url}/orders?limit=100`, { headers: { authorization } }).then(async (response) => {
      await response.arrayBuffer();
      return response.status;
    }),
  'REST: POST /orders of 100 lines': (url) => post(url, '/orders', placeBody),
  'REST: 1 MiB JSON body of 22,000 lines (refused)': (url) => post(url, '/orders', HUGE_ORDER),
};

/** Subscribers that each hold 10 subscriptions of every field and line, fed by orders of 100 lines. */
async function subscriptionScenario(url: string, until: number): Promise<number[]> {
  const sockets: Client[] = [];
  let pushes = 0;
  for (let socket = 0; socket < 5; socket++) {
    const client = createClient({
      url: `${url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization },
      retryAttempts: 0,
    });
    sockets.push(client);
    for (let n = 0; n < 10; n++) {
      client.subscribe(
        { query: `subscription { orderUpdated { ${ORDER_FIELDS} ${EVERY_LINE} } }` },
        { next: () => void pushes++, error: () => undefined, complete: () => undefined },
      );
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const statuses: number[] = [];
  while (Date.now() < until) statuses.push(await post(url, '/orders', placeBody));
  for (const client of sockets) void client.dispose();
  console.log(`    ${pushes} pushes of 100 lines to 50 subscriptions on 5 sockets`);
  return statuses;
}

const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
(async () => {
  const latencies = [];
  while (Date.now() < workerData.until) {
    const started = performance.now();
    await fetch(workerData.url + '/health/live').then((response) => response.arrayBuffer());
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  parentPort.postMessage(latencies);
})();
`;

interface Row {
  readonly scenario: string;
  readonly requests: number;
  readonly statuses: string;
  readonly probes: number;
  readonly p99Ms: number;
  readonly worstMs: number;
}

async function probeDuring(url: string, attack: (until: number) => Promise<number[]>, scenario: string): Promise<Row> {
  const until = Date.now() + SCENARIO_MS;
  // In a thread of its own, so that the senders' work in this process does not count as the server's delay.
  const probe = new Worker(PROBE, { eval: true, workerData: { url, until } });
  const [statuses, latencies] = await Promise.all([
    attack(until),
    new Promise<number[]>((resolve, reject) => probe.once('message', resolve).once('error', reject)),
  ]);
  latencies.sort((a, b) => a - b);
  const counts = new Map<number, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return {
    scenario,
    requests: statuses.length,
    statuses: [...counts].map(([status, count]) => `${count}× ${status}`).join(', '),
    probes: latencies.length,
    p99Ms: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? Number.NaN,
    worstMs: latencies.at(-1) ?? Number.NaN,
  };
}

function attackers(send: () => Promise<number>): (until: number) => Promise<number[]> {
  return async (until) => {
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: ATTACKERS }, async () => {
        while (Date.now() < until) statuses.push(await send().catch(() => 0));
      }),
    );
    return statuses;
  };
}

const app = await start(APP);
try {
  for (let order = 0; order < 100; order++) await post(app.url, '/orders', placeBody);
  const rows: Row[] = [];
  for (const [scenario, send] of Object.entries(SCENARIOS)) {
    console.log(`  ${scenario}`);
    rows.push(
      await probeDuring(
        app.url,
        attackers(() => send(app.url)),
        scenario,
      ),
    );
  }
  const subscriptions = 'GraphQL: 5 sockets × 10 subscriptions of every line, orders of 100 lines placed';
  console.log(`  ${subscriptions}`);
  rows.push(await probeDuring(app.url, (until) => subscriptionScenario(app.url, until), subscriptions));
  const table = [
    '| while this runs (4 senders) | requests | answers | probes | /health/live p99 ms | worst ms |',
    '| --- | ---: | --- | ---: | ---: | ---: |',
    ...rows.map(
      (row) =>
        `| ${row.scenario} | ${row.requests} | ${row.statuses} | ${row.probes} | ${row.p99Ms.toFixed(1)} | ${row.worstMs.toFixed(1)} |`,
    ),
  ].join('\n');
  console.log(`\n${table}\n`);
  if (!smoke) {
    mkdirSync(`${root}bench/results`, { recursive: true });
    writeFileSync(
      `${root}bench/results/liveness.json`,
      `${JSON.stringify({ date: new Date().toISOString(), scenarioMs: SCENARIO_MS, rows }, null, 2)}\n`,
    );
    const measured = `Measured ${new Date().toISOString()} with \`npm run bench:liveness\`.`;
    await replaceSection('liveness', `${table}\n\n${measured}`);
  }
} finally {
  await stop(app);
}
