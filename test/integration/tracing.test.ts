import { randomBytes, randomUUID } from 'node:crypto';
import { SpanStatusCode } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing } from '../../src/app/tracing.js';
import { kafkaOrSkip } from '../support/kafka-broker.js';
import { TopicReader } from '../support/kafka-consumer.js';
import type { TestDatabase as Database } from '../support/postgres.js';
import { buildTestApp } from '../support/test-app.js';
import { resetTracing, spanTree, type FinishedSpan } from '../support/tracing.js';

/** SPEC §10 in one process: the spans of a request on PostgreSQL, and the Kafka delivery of its event. */

const exporter = new tracing.InMemorySpanExporter();
// It exports each span as it ends, though not synchronously: forceFlush() waits for the exports under way.
const processor = new tracing.SimpleSpanProcessor(exporter);
const started = startTracing({ spanProcessors: [processor] });
// Only now: the pg instrumentation patches pg as it loads, and the test database's module loads it.
const { postgresAvailable, TestDatabase } = await import('../support/postgres.js');
const broker = await kafkaOrSkip();

const CALLER_TRACE = randomBytes(16).toString('hex');
const CALLER_SPAN = randomBytes(8).toString('hex');

const anOrder = {
  customerId: 'c-1',
  customerEmail: 'ada@example.com',
  items: [{ sku: 'BOOK-42', quantity: 2, unitPrice: 1250 }],
};

async function eventually<T>(find: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(!postgresAvailable || !broker)('tracing on PostgreSQL and Kafka', () => {
  const topic = `order-events-${randomBytes(8).toString('hex')}`;
  const lines: Record<string, unknown>[] = [];
  let database: Database;
  let reader: TopicReader;
  let app: FastifyInstance;
  let orderId: string;

  beforeAll(async () => {
    database = await TestDatabase.create();
    reader = await TopicReader.open(broker!.brokers, topic);
    const logger = pino(
      { level: 'info', mixin: started.logMixin },
      { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    ({ app } = await buildTestApp({
      logger,
      env: {
        // What turns tracing on; the spans go to the test's exporter, handed to startTracing above.
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
        ORDERS_REPOSITORY: 'postgres',
        DATABASE_URL: database.url,
        DATABASE_MIGRATE: 'false',
        ORDERS_NOTIFIERS: 'kafka',
        KAFKA_BROKERS: broker!.brokers,
        KAFKA_TOPIC: topic,
      },
    }));
    const response = await app.inject({
      method: 'POST',
      url: '/orders',
      headers: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` },
      payload: anOrder,
    });
    expect(response.statusCode).toBe(201);
    orderId = response.json<{ id: string }>().id;
    await processor.forceFlush();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await reader?.close();
    await database?.drop();
    await broker?.destroy();
    await started.shutdown();
    resetTracing();
  });

  const callerSpans = (): FinishedSpan[] =>
    exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === CALLER_TRACE);

  it("continues the caller's trace: the request's span is a child of the caller's, the use case under it, its SQL under that", () => {
    const tree = spanTree(callerSpans());
    const request = tree.named('POST /orders');
    expect(request.parentSpanContext?.spanId).toBe(CALLER_SPAN);
    const useCase = tree.named('PlaceOrder');
    expect(tree.ancestorsOf(useCase)).toContain(request);
    const sql = tree.all.filter((span) => span.attributes['db.system.name'] === 'postgresql');
    expect(sql.map((span) => span.attributes['db.query.text'])).toContainEqual(expect.stringContaining('orders_place'));
    for (const statement of sql) expect(tree.ancestorsOf(statement)).toContain(useCase);
  });

  it("carries the request's trace context in the Kafka record of its event, and the relay's delivery span links to it", async () => {
    const placeOrder = spanTree(callerSpans()).named('PlaceOrder');
    const record = await eventually(() => reader.records.find((each) => each.key === orderId), 'record');
    expect(record.headers.traceparent).toBe(`00-${CALLER_TRACE}-${placeOrder.spanContext().spanId}-01`);

    const delivery = await eventually(
      () =>
        exporter
          .getFinishedSpans()
          .find(
            (span) => span.name === 'deliver kafka' && span.links.some((link) => link.context.traceId === CALLER_TRACE),
          ),
      'delivery span',
    );
    // A trace of its own, as a batch serves many requests; the link leads to the one behind this event.
    expect(delivery.spanContext().traceId).not.toBe(CALLER_TRACE);
    expect(delivery.links.map((link) => link.context.spanId)).toContain(placeOrder.spanContext().spanId);
  });

  it("marks a use case's span failed with the code of the domain error that refused it", async () => {
    const [traceId, spanId] = [randomBytes(16).toString('hex'), randomBytes(8).toString('hex')];
    const response = await app.inject({
      method: 'GET',
      url: `/orders/${randomUUID()}`,
      headers: { traceparent: `00-${traceId}-${spanId}-01` },
    });
    expect(response.statusCode).toBe(404);
    await processor.forceFlush();
    const getOrder = spanTree(
      exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId),
    ).named('GetOrder');
    expect(getOrder.attributes['error.type']).toBe('ORDER_NOT_FOUND');
    expect(getOrder.status).toEqual({ code: SpanStatusCode.ERROR, message: 'ORDER_NOT_FOUND' });
  });

  it('writes the trace id on the log lines of the request', () => {
    const traced = lines.filter((line) => line.traceId === CALLER_TRACE);
    expect(traced.map((line) => line.msg)).toContain('request completed');
  });
});
