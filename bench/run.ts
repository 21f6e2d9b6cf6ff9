import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { startKafkaBroker } from '../test/support/kafka-broker.js';
import { TestDatabase } from '../test/support/postgres.js';
import { DEVELOPMENT_SECRET } from '../src/adapters/http/authentication-config.js';
import { signToken } from '../src/adapters/http/token-signing.js';

/**
 * `npm run bench`: each pair measures the app against a baseline doing the same work with no architecture,
 * in one run on one machine, alternating sides. `--smoke` runs every pair briefly, only to keep the harness working.
 */
const smoke = process.argv.includes('--smoke');
/** `--only=relay` or `--only=http` runs one part, for profiling; results files are left alone. */
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const settings = smoke
  ? { connections: 10, durationS: 1, warmUpS: 0, runs: 1, events: 500 }
  : { connections: 50, durationS: 10, warmUpS: 3, runs: 2, events: 20_000 };
const root = new URL('../', import.meta.url).pathname;

interface Side {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly peakRssMb: number;
  readonly errors: number;
}

interface Pair {
  readonly name: string;
  readonly unit: 'requests/s' | 'events/s';
  readonly app: Side;
  readonly baseline: Side;
  readonly ratio: number;
  readonly target: number;
  readonly met: boolean;
  readonly note?: string;
}

interface Server {
  readonly url: string;
  readonly child: ChildProcess;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts a server process on a free port and resolves once it answers. */
async function start(args: readonly string[], env: Record<string, string>, probe = '/health/live'): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}${probe}`);
      if (response.status < 500) return { url, child };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${args.join(' ')} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}

/** Peak resident set size of a process so far (VmHWM), in MiB. */
function peakRssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

// No cap on the in-memory store: a full run places more orders than the default MEMORY_MAX_ORDERS, as the baseline's
// Map holds them all.
const APP = {
  args: ['dist/app/main.js'],
  env: { LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', OUTBOX_RELAY: 'false', MEMORY_MAX_ORDERS: '1000000000' },
};
const BARE = { args: ['--import', 'tsx', 'bench/baselines/bare-orders.ts'], env: {} };
const BARE_PG = { args: ['--import', 'tsx', 'bench/baselines/bare-orders-postgres.ts'], env: {} };

const orderBody = JSON.stringify({
  customerId: 'c-bench',
  customerEmail: 'bench@example.com',
  items: [
    { sku: 'BOOK-42', quantity: 2, unitPrice: 1250 },
    { sku: 'PEN-1', quantity: 1, unitPrice: 500 },
  ],
});

type Request = { method: 'GET' | 'POST'; path: string; body?: string };

/**
 * A staff token of the development secret, which the app verifies (it listens on 127.0.0.1 with no AUTH_*). Both sides
 * get it, so each receives the same bytes; the baseline ignores it.
 */
const authorization = `Bearer ${await signToken(
  { subject: 'staff-bench', tenant: 'bench', roles: ['staff'] },
  { secret: DEVELOPMENT_SECRET, ttlSeconds: 24 * 3600 },
)}`;

async function load(url: string, request: Request, durationS: number): Promise<Omit<Side, 'peakRssMb'>> {
  const result = await autocannon({
    url,
    connections: settings.connections,
    duration: durationS,
    requests: [
      {
        method: request.method,
        path: request.path,
        headers: { authorization, ...(request.body !== undefined && { 'content-type': 'application/json' }) },
        ...(request.body !== undefined && { body: request.body }),
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** Runs `request` against each side in turn, `runs` times, after a warm-up; averages the runs. */
async function measure(sides: { name: string; server: Server; request: Request }[]): Promise<Side[]> {
  const samples = sides.map(() => [] as Omit<Side, 'peakRssMb'>[]);
  for (let run = 0; run < settings.runs; run++) {
    for (const [index, side] of sides.entries()) {
      if (settings.warmUpS > 0) await load(side.server.url, side.request, settings.warmUpS);
      const sample = await load(side.server.url, side.request, settings.durationS);
      console.log(
        `  ${side.name} run ${run + 1}: ${sample.requestsPerSecond.toFixed(0)} req/s, p50 ${sample.p50Ms} ms, p99 ${sample.p99Ms} ms`,
      );
      samples[index]!.push(sample);
    }
  }
  return sides.map((side, index) => {
    const runs = samples[index]!;
    const mean = (pick: (sample: Omit<Side, 'peakRssMb'>) => number) =>
      runs.reduce((sum, sample) => sum + pick(sample), 0) / runs.length;
    return {
      requestsPerSecond: mean((sample) => sample.requestsPerSecond),
      p50Ms: mean((sample) => sample.p50Ms),
      p99Ms: mean((sample) => sample.p99Ms),
      errors: runs.reduce((sum, sample) => sum + sample.errors, 0),
      peakRssMb: peakRssMb(side.server.child.pid),
    };
  });
}

async function placeOne(url: string): Promise<string> {
  const response = await fetch(`${url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: orderBody,
  });
  return ((await response.json()) as { id: string }).id;
}

function pair(name: string, app: Side, baseline: Side, target: number, note?: string): Pair {
  const ratio = app.requestsPerSecond / baseline.requestsPerSecond;
  return { name, unit: 'requests/s', app, baseline, ratio, target, met: ratio >= target, ...(note && { note }) };
}

async function httpPairs(database: TestDatabase): Promise<Pair[]> {
  const pairs: Pair[] = [];

  console.log('1. GET /orders/{id}, memory: app vs bare fastify + Map');
  let app = await start(APP.args, { ...APP.env, ORDERS_REPOSITORY: 'memory' });
  let bare = await start(BARE.args, BARE.env);
  const appId = await placeOne(app.url);
  const bareId = await placeOne(bare.url);
  const [getApp, getBare] = await measure([
    { name: 'app', server: app, request: { method: 'GET', path: `/orders/${appId}` } },
    { name: 'baseline', server: bare, request: { method: 'GET', path: `/orders/${bareId}` } },
  ]);
  const p99Ratio = getApp!.p99Ms / getBare!.p99Ms;
  const getPair = pair('1. GET /orders/{id} (memory)', getApp!, getBare!, 0.9);
  pairs.push({
    ...getPair,
    met: getPair.met && p99Ratio <= 1.5,
    note: `p99 ${getApp!.p99Ms.toFixed(1)} ms vs ${getBare!.p99Ms.toFixed(1)} ms at ${settings.connections} connections: ${p99Ratio.toFixed(2)}× (target ≤ 1.5×)`,
  });

  console.log('3. GraphQL order(id) vs REST GET /orders/{id}, on the app');
  const query = JSON.stringify({
    query: `{ order(id: "${appId}") { id customerId customerEmail status items { sku quantity unitPrice } currency total version cancellationReason createdAt updatedAt } }`,
  });
  const [graphql, rest] = await measure([
    { name: 'graphql', server: app, request: { method: 'POST', path: '/graphql', body: query } },
    { name: 'rest', server: app, request: { method: 'GET', path: `/orders/${appId}` } },
  ]);
  const graphqlPair = pair('3. GraphQL order(id) vs REST GET (app)', graphql!, rest!, 0.6);

  console.log('2. POST /orders, memory: app vs bare fastify + same JSON schema + Map');
  await stop(app);
  await stop(bare);
  app = await start(APP.args, { ...APP.env, ORDERS_REPOSITORY: 'memory' });
  bare = await start(BARE.args, BARE.env);
  const [postApp, postBare] = await measure([
    { name: 'app', server: app, request: { method: 'POST', path: '/orders', body: orderBody } },
    { name: 'baseline', server: bare, request: { method: 'POST', path: '/orders', body: orderBody } },
  ]);
  pairs.push(pair('2. POST /orders (memory)', postApp!, postBare!, 0.85));
  pairs.push(graphqlPair);
  await stop(app);
  await stop(bare);

  console.log('4. POST /orders, PostgreSQL: app vs bare fastify + knex, same rows in one transaction');
  app = await start(APP.args, {
    ...APP.env,
    ORDERS_REPOSITORY: 'postgres',
    DATABASE_URL: database.url,
    DATABASE_MIGRATE: 'false',
  });
  bare = await start(BARE_PG.args, { ...BARE_PG.env, DATABASE_URL: database.url });
  const [pgApp, pgBare] = await measure([
    { name: 'app', server: app, request: { method: 'POST', path: '/orders', body: orderBody } },
    { name: 'baseline', server: bare, request: { method: 'POST', path: '/orders', body: orderBody } },
  ]);
  pairs.push(pair('4. POST /orders (PostgreSQL)', pgApp!, pgBare!, 0.85));
  await stop(app);
  await stop(bare);
  return pairs;
}

/** Fills the outbox with `events` placed orders owed to Kafka, straight in SQL (the setup is not measured). */
async function fillBacklog(database: TestDatabase, events: number): Promise<void> {
  // As the tables' owner: the service's role sees only one tenant's rows, and may not write these directly.
  const knex = database.owner;
  await database.truncate();
  await knex.raw(
    `INSERT INTO orders (id, tenant_id, customer_id, customer_email, currency, total, status, cancellation_reason, version, created_at, updated_at)
     SELECT gen_random_uuid(), 'bench', 'c-' || (g % 100), 'bench@example.com', 'USD', 2500, 'pending', NULL, 1,
            timestamp '2026-01-01' + g * interval '1 millisecond', timestamp '2026-01-01' + g * interval '1 millisecond'
     FROM generate_series(1, ?) AS g`,
    [events],
  );
  await knex.raw(
    `INSERT INTO order_lines (order_id, tenant_id, line_no, sku, quantity, unit_price) SELECT id, tenant_id, 0, 'BOOK-42', 2, 1250 FROM orders`,
  );
  await knex.raw(
    `INSERT INTO order_events (event_id, tenant_id, order_id, order_version, type, occurred_at, payload)
     SELECT gen_random_uuid(), tenant_id, id, 1, 'OrderPlaced', created_at, jsonb_build_object(
       'id', id, 'tenantId', tenant_id, 'customerId', customer_id, 'customerEmail', customer_email,
       'items', jsonb_build_array(jsonb_build_object('sku', 'BOOK-42', 'quantity', 2, 'unitPrice', 1250)),
       'currency', currency, 'total', total, 'status', status, 'cancellationReason', NULL, 'version', 1,
       'createdAt', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       'updatedAt', to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
     FROM orders`,
  );
  await knex.raw(
    `INSERT INTO event_deliveries (event_id, tenant_id, notifier, order_id, order_version) SELECT event_id, tenant_id, 'kafka', order_id, order_version FROM order_events`,
  );
  await knex.raw('ANALYZE');
}

function runDrain(
  side: 'app' | 'baseline',
  env: Record<string, string>,
): Promise<{ eventsPerSecond: number; peakRssMb: number; events: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/delivery-drain.ts', side], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      const line = output.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{'))
        resolve(JSON.parse(line) as { eventsPerSecond: number; peakRssMb: number; events: number });
      else reject(new Error(`delivery-drain ${side} exited with ${code}: ${output}`));
    });
  });
}

async function relayPair(database: TestDatabase): Promise<Pair> {
  console.log(
    `5. Draining ${settings.events} events to Kafka: the delivery vs kafkajs producing the same messages in batches`,
  );
  const broker = await startKafkaBroker();
  try {
    const env = { DATABASE_URL: database.url, KAFKA_BROKERS: broker.brokers, KAFKA_TOPIC: 'bench-order-events' };
    const results: Record<'app' | 'baseline', { eventsPerSecond: number; peakRssMb: number }[]> = {
      app: [],
      baseline: [],
    };
    for (let run = 0; run < settings.runs; run++) {
      for (const side of ['app', 'baseline'] as const) {
        await fillBacklog(database, settings.events);
        const result = await runDrain(side, env);
        if (result.events !== settings.events)
          throw new Error(`${side} drained ${result.events} of ${settings.events}`);
        console.log(`  ${side} run ${run + 1}: ${result.eventsPerSecond.toFixed(0)} events/s`);
        results[side].push(result);
      }
    }
    const side = (runs: { eventsPerSecond: number; peakRssMb: number }[]): Side => ({
      requestsPerSecond: runs.reduce((sum, run) => sum + run.eventsPerSecond, 0) / runs.length,
      p50Ms: Number.NaN,
      p99Ms: Number.NaN,
      peakRssMb: Math.max(...runs.map((run) => run.peakRssMb)),
      errors: 0,
    });
    const app = side(results.app);
    const baseline = side(results.baseline);
    const ratio = app.requestsPerSecond / baseline.requestsPerSecond;
    return {
      name: `5. Outbox relay to Kafka (${settings.events} events)`,
      unit: 'events/s',
      app,
      baseline,
      ratio,
      target: 0.5,
      met: ratio >= 0.5,
    };
  } finally {
    await broker.destroy();
  }
}

function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}`;
}

function markdown(pairs: readonly Pair[], command: string, date: string): string {
  const number = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
  const rows = pairs.map(
    (entry) =>
      `| ${entry.name} | ${number(entry.app.requestsPerSecond)} | ${number(entry.baseline.requestsPerSecond)} | **${entry.ratio.toFixed(2)}** | ≥ ${entry.target.toFixed(2)} | ${entry.met ? 'met' : 'not met'} | ${number(entry.app.p50Ms, 1)} / ${number(entry.app.p99Ms, 1)} | ${number(entry.baseline.p50Ms, 1)} / ${number(entry.baseline.p99Ms, 1)} | ${number(entry.app.peakRssMb)} / ${number(entry.baseline.peakRssMb)} |`,
  );
  const notes = pairs.filter((entry) => entry.note).map((entry) => `- ${entry.name}: ${entry.note}`);
  return [
    '| pair | app (per s) | baseline (per s) | ratio | target | | app p50 / p99 ms | baseline p50 / p99 ms | peak RSS MiB app / baseline |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
    ...rows,
    '',
    ...notes,
    '',
    `Measured ${date} on ${machine()} with \`${command}\` (${settings.connections} connections, ${settings.durationS} s per run after a ${settings.warmUpS} s warm-up, ${settings.runs} alternating runs per side).`,
  ].join('\n');
}

const database = await TestDatabase.create();
try {
  const pairs = [
    ...(only !== 'relay' ? await httpPairs(database) : []),
    ...(only !== 'http' ? [await relayPair(database)] : []),
  ];
  const date = new Date().toISOString();
  const command = smoke ? 'npm run bench -- --smoke' : 'npm run bench';
  const table = markdown(pairs, command, date);
  console.log(`\n${table}\n`);
  mkdirSync(`${root}bench/results`, { recursive: true });
  if (only) {
    // A partial run is for profiling; the committed results stay whole.
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
    const benchmarks = readFileSync(`${root}BENCHMARKS.md`, 'utf8');
    const updated = benchmarks.replace(
      /<!-- results -->[\s\S]*<!-- \/results -->/,
      `<!-- results -->\n${table}\n<!-- /results -->`,
    );
    writeFileSync(`${root}BENCHMARKS.md`, updated);
  }
  for (const entry of pairs)
    if (entry.app.errors + entry.baseline.errors > 0) throw new Error(`${entry.name}: requests failed during the run`);
} finally {
  await database.drop();
}
