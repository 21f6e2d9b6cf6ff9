import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaOrSkip } from '../support/kafka-broker.js';
import { TopicReader, type ConsumedRecord } from '../support/kafka-consumer.js';
import { attributeOf, OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.js';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { bearerFor, STAFF } from '../support/tokens.js';

/**
 * SPEC §10 as `npm start` runs it, on PostgreSQL and Kafka: with OTEL_EXPORTER_OTLP_ENDPOINT set, the trace of a
 * request reaches an OTLP/HTTP receiver; unset, nothing is recorded or sent.
 */

const broker = await kafkaOrSkip();

const anOrder = {
  customerId: 'c-1',
  customerEmail: 'ada@example.com',
  items: [{ sku: 'BOOK-42', quantity: 2, unitPrice: 1250 }],
};

/** A caller's W3C trace context: a fresh trace id and span id. */
function callerContext(): { traceId: string; spanId: string; traceparent: string } {
  const [traceId, spanId] = [randomBytes(16).toString('hex'), randomBytes(8).toString('hex')];
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

describe.skipIf(!postgresAvailable || !broker)('traces of the server process', () => {
  const topic = `order-events-${randomBytes(8).toString('hex')}`;
  let database: TestDatabase;
  let reader: TopicReader;
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    [database, reader, receiver] = await Promise.all([
      TestDatabase.create(),
      TopicReader.open(broker!.brokers, topic),
      OtlpReceiver.start(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await reader?.close();
    await receiver?.stop();
    await database?.drop();
    await broker?.destroy();
  });

  /** Starts the server on the test's database and topic, places one order as `caller`, and stops it once its event is on the topic. */
  async function placeOneOrder(
    env: Record<string, string>,
    traceparent: string,
  ): Promise<{ server: ServerProcess; record: ConsumedRecord }> {
    const server = await startServer({
      ORDERS_REPOSITORY: 'postgres',
      DATABASE_URL: database.url,
      DATABASE_MIGRATE: 'false',
      ORDERS_NOTIFIERS: 'kafka',
      KAFKA_BROKERS: broker!.brokers,
      KAFKA_TOPIC: topic,
      ...env,
    });
    try {
      const placed = await fetch(`${server.url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: await bearerFor(STAFF), traceparent },
        body: JSON.stringify(anOrder),
      });
      expect(placed.status).toBe(201);
      const { id } = (await placed.json()) as { id: string };
      await reader.waitUntil((records) => records.some((record) => record.key === id));
      return { server, record: reader.records.find((record) => record.key === id)! };
    } finally {
      // SIGTERM: the shutdown exports what is still buffered.
      expect(await server.stop()).toBe(0);
    }
  }

  it('exports the trace of a request: its span under the caller, the use case, the SQL, and the delivery linked to it', async () => {
    const caller = callerContext();
    const { server, record } = await placeOneOrder(
      { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
      caller.traceparent,
    );

    const trace = receiver.spans.filter((span) => span.traceId === caller.traceId);
    const byName = (name: string): ReceivedSpan | undefined => trace.find((span) => span.name === name);
    const request = byName('POST /orders');
    const placeOrder = byName('PlaceOrder');
    expect(request).toMatchObject({ parentSpanId: caller.spanId, serviceName: 'hexagonal-orders' });
    expect(placeOrder).toBeDefined();
    const parentOf = new Map(trace.map((span) => [span.spanId, span.parentSpanId]));
    const isUnder = (span: ReceivedSpan, ancestor: ReceivedSpan): boolean => {
      for (let parent = span.parentSpanId; parent; parent = parentOf.get(parent))
        if (parent === ancestor.spanId) return true;
      return false;
    };
    expect(isUnder(placeOrder!, request!)).toBe(true);
    const save = trace.find((span) => attributeOf(span.attributes, 'db.query.text')?.includes('orders_place'));
    expect(save && isUnder(save, placeOrder!)).toBe(true);

    // The relay delivers later, in a trace of its own: the record's header and the span's link lead back here.
    expect(record.headers.traceparent).toBe(`00-${caller.traceId}-${placeOrder!.spanId}-01`);
    const delivery = receiver.spans.find(
      (span) => span.name === 'deliver kafka' && span.links?.some((link) => link.traceId === caller.traceId),
    );
    expect(delivery?.links).toContainEqual(expect.objectContaining({ spanId: placeOrder!.spanId }));

    const completed = server.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(completed.find((line) => line.msg === 'request completed')).toMatchObject({ traceId: caller.traceId });
  }, 60_000);

  it('records and sends nothing with OTEL_EXPORTER_OTLP_ENDPOINT unset, whatever other OTEL_* variables say', async () => {
    const before = receiver.requests.length;
    const caller = callerContext();
    const { server, record } = await placeOneOrder(
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
      caller.traceparent,
    );
    expect(receiver.requests.length).toBe(before);
    expect(record.headers.traceparent).toBeUndefined();
    expect(server.logs.filter((line) => line.includes('traceId'))).toEqual([]);
  }, 60_000);
});
