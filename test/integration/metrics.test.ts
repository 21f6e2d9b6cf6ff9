import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ServiceMetrics } from '../../src/adapters/observability/service-metrics.js';
import type { DeliveryRecord, OutboxBacklog } from '../../src/ports/outbound/order-outbox.js';
import { buildTestApp } from '../support/test-app.js';
import { UNKNOWN_ID, json, placeOrder, validOrder, type OrderJson } from './api-helpers.js';

const MEMORY = { ORDERS_REPOSITORY: 'memory' } as const;

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The samples of a Prometheus text exposition (format 0.0.4), comments left out. */
function samplesOf(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample: ${line}`);
    const [, name = '', labelText = '', value = ''] = match;
    const labels: Record<string, string> = {};
    for (const [, key = '', raw = ''] of labelText.matchAll(/([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key] = raw.replace(/\\(.)/g, (_all, escaped: string) => (escaped === 'n' ? '\n' : escaped));
    }
    samples.push({ name, labels, value: Number(value) });
  }
  return samples;
}

/** The value of the one sample of this name whose labels are exactly these; undefined when there is none. */
function valueOf(
  samples: readonly Sample[],
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number | undefined {
  const wanted = Object.entries(labels);
  const found = samples.filter(
    (sample) =>
      sample.name === name &&
      Object.keys(sample.labels).length === wanted.length &&
      wanted.every(([key, value]) => sample.labels[key] === value),
  );
  expect(found.length, `${name} ${JSON.stringify(labels)}`).toBeLessThanOrEqual(1);
  return found[0]?.value;
}

async function scrape(app: FastifyInstance): Promise<Sample[]> {
  const response = await app.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode, response.body).toBe(200);
  return samplesOf(response.body);
}

const PLACE_ORDER = `
  mutation Place($input: PlaceOrderInput!) {
    placeOrder(input: $input) { id status }
  }
`;

async function placeOrderViaGraphQL(app: FastifyInstance): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query: PLACE_ORDER, variables: { input: validOrder({ customerId: 'c-graphql' }) } },
  });
  expect(response.statusCode, response.body).toBe(200);
  const body = json<{ data?: { placeOrder: { id: string; status: string } } | null; errors?: unknown }>(response);
  expect(body.errors, response.body).toBeUndefined();
  expect(body.data?.placeOrder.status).toBe('PENDING');
  return body.data?.placeOrder.id ?? '';
}

describe('GET /metrics', () => {
  let app: FastifyInstance;

  beforeEach(async () => {
    ({ app } = await buildTestApp({ env: MEMORY }));
  });

  afterEach(async () => {
    await app.close();
  });

  it('answers in the Prometheus text format with the process metrics, and is left out of the OpenAPI document', async () => {
    const response = await app.inject({ method: 'GET', url: '/metrics' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers['x-request-id']).toEqual(expect.any(String));
    expect(response.body).toContain('# TYPE http_request_duration_seconds histogram');
    expect(response.body).toContain('# TYPE orders_placed_total counter');
    expect(response.body).toContain('# TYPE notifier_deliveries_total counter');
    expect(response.body).toContain('# TYPE outbox_backlog gauge');
    const samples = samplesOf(response.body);
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);

    const openapi = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(Object.keys(json<{ paths: Record<string, unknown> }>(openapi).paths)).not.toContain('/metrics');
  });

  it('counts requests by method, route pattern and status code, never by the raw url', async () => {
    const order = await placeOrder(app);
    expect((await app.inject({ method: 'GET', url: `/orders/${order.id}` })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/orders/${order.id}?pretty=1` })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/orders/${UNKNOWN_ID}` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/orders/not-a-uuid' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/no-such-route/42' })).statusCode).toBe(404);

    const response = await app.inject({ method: 'GET', url: '/metrics' });
    const samples = samplesOf(response.body);
    const count = (method: string, route: string, status: string): number | undefined =>
      valueOf(samples, 'http_request_duration_seconds_count', { method, route, status });

    expect(count('POST', '/orders', '201')).toBe(1);
    expect(count('GET', '/orders/:id', '200')).toBe(2);
    expect(count('GET', '/orders/:id', '404')).toBe(1);
    expect(count('GET', '/orders/:id', '400')).toBe(1);
    expect(count('GET', 'unmatched', '404')).toBe(1);
    expect(
      valueOf(samples, 'http_request_duration_seconds_bucket', {
        method: 'GET',
        route: '/orders/:id',
        status: '200',
        le: '+Inf',
      }),
    ).toBe(2);
    expect(
      valueOf(samples, 'http_request_duration_seconds_sum', { method: 'GET', route: '/orders/:id', status: '200' }),
    ).toBeGreaterThan(0);

    const routes = new Set(
      samples.filter((sample) => sample.name.startsWith('http_request_duration_seconds')).map((s) => s.labels.route),
    );
    expect([...routes].sort()).toEqual(['/orders', '/orders/:id', 'unmatched']);
    for (const raw of [order.id, UNKNOWN_ID, 'not-a-uuid', 'no-such-route', 'pretty'])
      expect(response.body).not.toContain(raw);
  });

  it('counts the orders placed through REST and GraphQL, and not the refused ones', async () => {
    expect(valueOf(await scrape(app), 'orders_placed_total')).toBe(0);

    await placeOrder(app);
    await placeOrder(app, { customerId: 'c-2' });
    await placeOrderViaGraphQL(app);
    const refused = await app.inject({ method: 'POST', url: '/orders', payload: validOrder({ items: [] }) });
    expect(refused.statusCode).toBe(400);

    const samples = await scrape(app);
    expect(valueOf(samples, 'orders_placed_total')).toBe(3);
    expect(
      valueOf(samples, 'http_request_duration_seconds_count', { method: 'POST', route: '/graphql', status: '200' }),
    ).toBe(1);
    expect(
      valueOf(samples, 'http_request_duration_seconds_count', { method: 'POST', route: '/orders', status: '400' }),
    ).toBe(1);
  });

  it('counts each delivery made to the e-mail notifier, starting from zero for every outcome', async () => {
    const before = await scrape(app);
    for (const outcome of ['delivered', 'retry', 'dead']) {
      expect(valueOf(before, 'notifier_deliveries_total', { notifier: 'email', outcome })).toBe(0);
    }

    await placeOrder(app);
    await placeOrderViaGraphQL(app);

    await vi.waitFor(
      async () =>
        expect(
          valueOf(await scrape(app), 'notifier_deliveries_total', { notifier: 'email', outcome: 'delivered' }),
        ).toBe(2),
      { timeout: 10_000, interval: 25 },
    );
    const after = await scrape(app);
    expect(valueOf(after, 'notifier_deliveries_total', { notifier: 'email', outcome: 'retry' })).toBe(0);
    expect(valueOf(after, 'notifier_deliveries_total', { notifier: 'email', outcome: 'dead' })).toBe(0);
  });

  it('shows the outbox backlog of each configured notifier, pending and dead, at zero once all is delivered', async () => {
    await placeOrder(app);
    await vi.waitFor(
      async () => expect(valueOf(await scrape(app), 'outbox_backlog', { notifier: 'email', state: 'pending' })).toBe(0),
      { timeout: 10_000, interval: 25 },
    );
    const samples = await scrape(app);
    expect(valueOf(samples, 'outbox_backlog', { notifier: 'email', state: 'dead' })).toBe(0);
    expect(valueOf(samples, 'notifier_deliveries_total', { notifier: 'email', outcome: 'delivered' })).toBe(1);
  });

  it('keeps the counts of each app instance apart', async () => {
    const { app: other } = await buildTestApp({ env: MEMORY });
    try {
      await placeOrder(app);
      await placeOrder(app, { customerId: 'c-2' });
      await placeOrder(other);

      expect(valueOf(await scrape(app), 'orders_placed_total')).toBe(2);
      expect(valueOf(await scrape(other), 'orders_placed_total')).toBe(1);
      expect(
        valueOf(await scrape(other), 'http_request_duration_seconds_count', {
          method: 'POST',
          route: '/orders',
          status: '201',
        }),
      ).toBe(1);
    } finally {
      await other.close();
    }
  });
});

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly reqId?: string;
  readonly method?: string;
  readonly route?: string;
  readonly url?: string;
  readonly status?: number;
  readonly durationMs?: number;
}

describe('request log', () => {
  let app: FastifyInstance;
  let lines: LogLine[];

  beforeEach(async () => {
    lines = [];
    const memory = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const text of chunk.toString('utf8').split('\n')) if (text !== '') lines.push(JSON.parse(text) as LogLine);
        done();
      },
    });
    ({ app } = await buildTestApp({ env: MEMORY, logger: pino({ level: 'info' }, memory) }));
  });

  afterEach(async () => {
    await app.close();
  });

  it('writes one line per request with its request id, method, route, url, status and duration', async () => {
    const order: OrderJson = await placeOrder(app);

    const response = await app.inject({
      method: 'GET',
      url: `/orders/${order.id}?pretty=1`,
      headers: { 'x-request-id': 'test-123' },
    });
    expect(response.statusCode).toBe(200);

    const ofRequest = lines.filter((line) => line.reqId === 'test-123');
    expect(ofRequest).toHaveLength(1);
    expect(ofRequest[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      method: 'GET',
      route: '/orders/:id',
      url: `/orders/${order.id}`,
      status: 200,
    });
    expect(ofRequest[0]?.durationMs).toEqual(expect.any(Number));
    expect(ofRequest[0]?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('logs a request no route matches under the unmatched route, and no separate incoming request line', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/no-such-route/42?q=1',
      headers: { 'x-request-id': 'lost-1' },
    });
    expect(response.statusCode).toBe(404);

    expect(lines.filter((line) => line.reqId === 'lost-1')).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        method: 'GET',
        route: 'unmatched',
        url: '/no-such-route/42',
        status: 404,
      }),
    ]);
    expect(lines.map((line) => line.msg)).not.toContain('incoming request');
  });
});

describe('ServiceMetrics', () => {
  const silent = pino({ level: 'silent' });

  async function samplesOfMetrics(metrics: ServiceMetrics): Promise<Sample[]> {
    return samplesOf(await metrics.render());
  }

  it('reports the pending and dead deliveries the outbox counts, and zero for a configured notifier without any', async () => {
    const backlog: OutboxBacklog[] = [{ notifier: 'email', pending: 3, dead: 1 }];
    const metrics = new ServiceMetrics({
      outbox: { backlog: async () => backlog },
      notifiers: ['email', 'kafka'],
      logger: silent,
    });

    const samples = await samplesOfMetrics(metrics);
    expect(valueOf(samples, 'outbox_backlog', { notifier: 'email', state: 'pending' })).toBe(3);
    expect(valueOf(samples, 'outbox_backlog', { notifier: 'email', state: 'dead' })).toBe(1);
    expect(valueOf(samples, 'outbox_backlog', { notifier: 'kafka', state: 'pending' })).toBe(0);
    expect(valueOf(samples, 'outbox_backlog', { notifier: 'kafka', state: 'dead' })).toBe(0);

    backlog.length = 0;
    expect(valueOf(await samplesOfMetrics(metrics), 'outbox_backlog', { notifier: 'email', state: 'dead' })).toBe(0);
  });

  it('still renders, without the backlog, when the outbox fails or does not answer in time', async () => {
    const failing = new ServiceMetrics({
      outbox: { backlog: () => Promise.reject(new Error('database unavailable')) },
      notifiers: ['email'],
      logger: silent,
    });
    const hanging = new ServiceMetrics({
      outbox: { backlog: () => new Promise<never>(() => undefined) },
      notifiers: ['email'],
      logger: silent,
      backlogTimeoutMs: 20,
    });

    for (const metrics of [failing, hanging]) {
      const samples = await samplesOfMetrics(metrics);
      expect(samples.filter((sample) => sample.name === 'outbox_backlog')).toEqual([]);
      expect(valueOf(samples, 'orders_placed_total')).toBe(0);
      // The process metrics are still there; their value counts CPU since this registry began, which can be 0.
      expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
    }
  });

  it('counts every recorded delivery by notifier and outcome', async () => {
    const metrics = new ServiceMetrics({ outbox: { backlog: async () => [] }, notifiers: ['kafka'], logger: silent });
    const records: DeliveryRecord[] = [
      { eventId: 'e-1', status: 'delivered' },
      { eventId: 'e-2', status: 'delivered' },
      { eventId: 'e-3', status: 'retry', nextAttemptAt: new Date(), error: 'broker down' },
      { eventId: 'e-4', status: 'dead', error: 'refused' },
    ];

    metrics.recorded('kafka', records);

    const samples = await samplesOfMetrics(metrics);
    expect(valueOf(samples, 'notifier_deliveries_total', { notifier: 'kafka', outcome: 'delivered' })).toBe(2);
    expect(valueOf(samples, 'notifier_deliveries_total', { notifier: 'kafka', outcome: 'retry' })).toBe(1);
    expect(valueOf(samples, 'notifier_deliveries_total', { notifier: 'kafka', outcome: 'dead' })).toBe(1);
  });
});
