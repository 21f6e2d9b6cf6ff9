import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastRetries } from '../support/fast-retries.js';
import { kafkaOrSkip } from '../support/kafka-broker.js';
import { TopicReader, type ConsumedRecord } from '../support/kafka-consumer.js';
import { repositoryTargets } from '../support/repository-targets.js';
import { TEST_TENANT } from '../support/tokens.js';
import { buildTestApp } from '../support/test-app.js';

const broker = await kafkaOrSkip();

interface OrderJson {
  id: string;
  version: number;
}

interface EventValue {
  eventId: string;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  orderId: string;
  tenantId: string;
  customerId: string;
  orderVersion: number;
  data: { status: string; total: number; currency: string; reason?: string | null };
}

const newOrder = (customerId: string) => ({
  customerId,
  customerEmail: 'ada@example.com',
  items: [
    { sku: 'BOOK-42', quantity: 2, unitPrice: 1250 },
    { sku: 'PEN-1', quantity: 1, unitPrice: 500 },
  ],
});

const valueOf = (record: ConsumedRecord): EventValue => JSON.parse(record.value) as EventValue;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

describe.skipIf(!broker).each(repositoryTargets())('Kafka delivery on the $name repository', (target) => {
  const topic = `order-events-${randomUUID()}`;
  let reader: TopicReader;
  let app: FastifyInstance;
  target.use();

  beforeAll(async () => {
    reader = await TopicReader.open(broker!.brokers, topic);
    ({ app } = await buildTestApp({
      env: { ...target.env(), ORDERS_NOTIFIERS: 'kafka', KAFKA_BROKERS: broker!.brokers, KAFKA_TOPIC: topic },
      retrySchedule: fastRetries,
    }));
    // Warm up: the producer connects and the topic's metadata is fetched on the first delivery, not in the measurements.
    const warmUp = await app.inject({ method: 'POST', url: '/orders', payload: newOrder('c-warm-up') });
    const warmUpId = warmUp.json<OrderJson>().id;
    await reader.waitUntil((records) => records.some((record) => record.key === warmUpId));
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await reader?.close();
  });

  async function post(url: string, body?: unknown): Promise<{ status: number; order: OrderJson; answeredAt: number }> {
    const response = await app.inject({ method: 'POST', url, ...(body !== undefined && { payload: body as object }) });
    return { status: response.statusCode, order: response.json<OrderJson>(), answeredAt: Date.now() };
  }

  it('publishes a whole lifecycle to the topic: key, headers, value, and each order in version order', async () => {
    const customerId = `c-${randomUUID()}`;
    const answeredAt = new Map<string, number>();
    const shipped = await post('/orders', newOrder(customerId));
    answeredAt.set(`${shipped.order.id}:1`, shipped.answeredAt);
    const cancelled = await post('/orders', newOrder(customerId));
    answeredAt.set(`${cancelled.order.id}:1`, cancelled.answeredAt);
    for (const [step, version] of [
      ['confirm', 2],
      ['ship', 3],
      ['deliver', 4],
    ] as const) {
      const changed = await post(`/orders/${shipped.order.id}/${step}`);
      expect(changed.status).toBe(200);
      answeredAt.set(`${shipped.order.id}:${version}`, changed.answeredAt);
    }
    const cancel = await post(`/orders/${cancelled.order.id}/cancel`, { reason: 'changed my mind' });
    answeredAt.set(`${cancelled.order.id}:2`, cancel.answeredAt);

    const mine = () => reader.records.filter((record) => valueOf(record).customerId === customerId);
    await reader.waitUntil(() => mine().length >= 6);
    const records = mine();

    const lifecycle = records.filter((record) => record.key === shipped.order.id).map(valueOf);
    expect(lifecycle.map((value) => [value.type, value.orderVersion, value.data.status])).toEqual([
      ['OrderPlaced', 1, 'pending'],
      ['OrderConfirmed', 2, 'confirmed'],
      ['OrderShipped', 3, 'shipped'],
      ['OrderDelivered', 4, 'delivered'],
    ]);
    const cancellation = records.filter((record) => record.key === cancelled.order.id).map(valueOf);
    expect(cancellation.map((value) => value.type)).toEqual(['OrderPlaced', 'OrderCancelled']);
    expect(cancellation[1]?.data).toEqual({
      status: 'cancelled',
      total: 3000,
      currency: 'USD',
      reason: 'changed my mind',
    });
    expect(cancellation[0]?.data).toEqual({ status: 'pending', total: 3000, currency: 'USD' });

    for (const record of records) {
      const value = valueOf(record);
      expect(Object.keys(value).sort()).toEqual(
        [
          'customerId',
          'data',
          'eventId',
          'occurredAt',
          'orderId',
          'orderVersion',
          'schemaVersion',
          'tenantId',
          'type',
        ].sort(),
      );
      // The tenant of whoever placed the order (SPEC §9): the test app's staff.
      expect(value).toMatchObject({ schemaVersion: 1, orderId: record.key, tenantId: TEST_TENANT, customerId });
      expect(value.eventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(value.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(record.headers).toEqual({
        'event-type': value.type,
        'event-id': value.eventId,
        'content-type': 'application/json',
      });
      // No personal data beyond the customer id: never the e-mail address.
      expect(record.value).not.toContain('@');
    }
    // One order's events share a key, hence a partition, hence their order.
    expect(
      new Set(records.filter((record) => record.key === shipped.order.id).map((record) => record.partition)).size,
    ).toBe(1);

    const latencies = records.map(
      (record) => record.receivedAt - (answeredAt.get(`${record.key}:${valueOf(record).orderVersion}`) ?? Number.NaN),
    );
    console.info(
      `[kafka ${target.name}] API answer -> consumer: p50 ${percentile(latencies, 50)} ms, max ${Math.max(...latencies)} ms over ${latencies.length} events`,
    );
    expect(latencies.every((latency) => Number.isFinite(latency))).toBe(true);
  });

  it('answers every request while the broker is down, and delivers every event once it is back', async () => {
    const customerId = `c-outage-${randomUUID()}`;
    await broker!.stop();
    const durations: number[] = [];
    const ids: string[] = [];
    try {
      for (let wave = 0; wave < 10; wave++) {
        const responses = await Promise.all(
          Array.from({ length: 20 }, async () => {
            const started = performance.now();
            const response = await app.inject({ method: 'POST', url: '/orders', payload: newOrder(customerId) });
            durations.push(performance.now() - started);
            return response;
          }),
        );
        for (const response of responses) {
          expect(response.statusCode).toBe(201);
          ids.push(response.json<OrderJson>().id);
        }
      }
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      console.info(
        `[kafka ${target.name}] 200 orders with the broker down: all 201, p50 ${percentile(durations, 50).toFixed(1)} ms, p99 ${percentile(durations, 99).toFixed(1)} ms`,
      );
    } finally {
      await broker!.start();
    }

    const placedEvents = () =>
      reader.records.map(valueOf).filter((value) => value.customerId === customerId && value.type === 'OrderPlaced');
    await reader.waitUntil(() => new Set(placedEvents().map((value) => value.orderId)).size === 200, 90_000);
    const events = placedEvents();
    expect(new Set(events.map((value) => value.orderId))).toEqual(new Set(ids));
    // A repeat is allowed only as the same event: one eventId per order.
    const eventIdsByOrder = new Map<string, Set<string>>();
    for (const value of events)
      eventIdsByOrder.set(value.orderId, (eventIdsByOrder.get(value.orderId) ?? new Set()).add(value.eventId));
    expect([...eventIdsByOrder.values()].every((eventIds) => eventIds.size === 1)).toBe(true);
    console.info(
      `[kafka ${target.name}] after the outage: 200 of 200 orders published, ${events.length - 200} repeats`,
    );
  }, 180_000);
});
