import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaOrSkip } from '../support/kafka-broker.js';
import { TopicReader, type ConsumedRecord } from '../support/kafka-consumer.js';
import { buildTestApp } from '../support/test-app.js';
import { TEST_TENANT } from '../support/tokens.js';

const broker = await kafkaOrSkip();

interface OrderJson {
  id: string;
  status: string;
  version: number;
  cancellationReason?: string | null;
}

interface Command {
  readonly type: string;
  readonly orderId: string;
  readonly messageId?: string;
  readonly tenantId?: string;
  readonly expectedVersion?: number;
  readonly reason?: string;
}

const newOrder = {
  customerId: 'c-kafka-input',
  customerEmail: 'ada@example.com',
  items: [{ sku: 'BOOK-42', quantity: 2, unitPrice: 1250 }],
};

async function eventually<T>(read: () => Promise<T>, holds: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (holds(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!broker)('Kafka input: commands applied through the use cases (SPEC §11)', () => {
  const topic = `order-commands-${randomUUID()}`;
  let app: FastifyInstance;
  let admin: Admin;
  let producer: Producer;
  let deadLetters: TopicReader;

  beforeAll(async () => {
    ({ app } = await buildTestApp({
      env: { ORDERS_REPOSITORY: 'memory', KAFKA_INPUT_TOPIC: topic, KAFKA_BROKERS: broker!.brokers },
    }));
    const kafka = new Kafka({ clientId: 'test-commands', brokers: [broker!.brokers], logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    deadLetters = await TopicReader.open(broker!.brokers, `${topic}.dlq`);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await deadLetters?.close();
    await producer?.disconnect();
    await admin?.disconnect();
  });

  async function place(): Promise<OrderJson> {
    const response = await app.inject({ method: 'POST', url: '/orders', payload: newOrder });
    expect(response.statusCode).toBe(201);
    return response.json<OrderJson>();
  }

  async function orderOf(id: string): Promise<OrderJson> {
    return (await app.inject({ method: 'GET', url: `/orders/${id}` })).json<OrderJson>();
  }

  /** Sends the commands in order, keyed by order id as a producer of them would. */
  async function send(...commands: Command[]): Promise<void> {
    await producer.send({
      topic,
      messages: commands.map((command) => ({
        key: command.orderId,
        value: JSON.stringify({ messageId: randomUUID(), tenantId: TEST_TENANT, ...command }),
      })),
    });
  }

  async function sendRaw(key: string, value: string, headers: Record<string, string>): Promise<void> {
    await producer.send({ topic, messages: [{ key, value, headers }] });
  }

  const deadLetterOf = async (caseId: string): Promise<ConsumedRecord> => {
    await deadLetters.waitUntil((records) => records.some((record) => record.headers['test-case'] === caseId));
    return deadLetters.records.find((record) => record.headers['test-case'] === caseId)!;
  };

  it('confirms, ships, delivers and cancels with a reason, as staff of the tenant would', async () => {
    const delivered = await place();
    const cancelled = await place();
    await send(
      { type: 'PaymentCaptured', orderId: delivered.id },
      { type: 'ShipmentDispatched', orderId: delivered.id },
      { type: 'ShipmentDelivered', orderId: delivered.id, expectedVersion: 3 },
    );
    await send({ type: 'OrderCancellationRequested', orderId: cancelled.id, reason: 'payment declined' });

    const afterDelivery = await eventually(
      () => orderOf(delivered.id),
      (order) => order.status === 'delivered',
    );
    expect(afterDelivery).toMatchObject({ status: 'delivered', version: 4 });
    const afterCancel = await eventually(
      () => orderOf(cancelled.id),
      (order) => order.status === 'cancelled',
    );
    expect(afterCancel).toMatchObject({ status: 'cancelled', version: 2, cancellationReason: 'payment declined' });
  });

  it('applies a message delivered twice once, and dead-letters neither copy', async () => {
    const order = await place();
    const messageId = randomUUID();
    await send(
      { type: 'PaymentCaptured', orderId: order.id, messageId },
      { type: 'PaymentCaptured', orderId: order.id, messageId },
      { type: 'ShipmentDispatched', orderId: order.id },
    );
    const shipped = await eventually(
      () => orderOf(order.id),
      (read) => read.status === 'shipped',
    );
    expect(shipped).toMatchObject({ status: 'shipped', version: 3 });
    expect(deadLetters.records.filter((record) => record.value.includes(messageId))).toEqual([]);
  });

  it.each([
    ['a value that is not JSON', () => 'not json {', 'VALIDATION_FAILED'],
    ['an unknown type', (id: string) => JSON.stringify({ type: 'PaymentRefunded', orderId: id }), 'VALIDATION_FAILED'],
    [
      'a command without a messageId',
      (id: string) => JSON.stringify({ type: 'PaymentCaptured', tenantId: TEST_TENANT, orderId: id }),
      'VALIDATION_FAILED',
    ],
    [
      'a command with an invalid order id',
      () => JSON.stringify({ type: 'PaymentCaptured', tenantId: TEST_TENANT, messageId: randomUUID(), orderId: 'x' }),
      'VALIDATION_FAILED',
    ],
    [
      'a command for an unknown order',
      () =>
        JSON.stringify({
          type: 'PaymentCaptured',
          tenantId: TEST_TENANT,
          messageId: randomUUID(),
          orderId: randomUUID(),
        }),
      'ORDER_NOT_FOUND',
    ],
    [
      'a change the order does not allow',
      (id: string) =>
        JSON.stringify({ type: 'ShipmentDelivered', tenantId: TEST_TENANT, messageId: randomUUID(), orderId: id }),
      'INVALID_TRANSITION',
    ],
    [
      'a change based on another version',
      (id: string) =>
        JSON.stringify({
          type: 'PaymentCaptured',
          tenantId: TEST_TENANT,
          messageId: randomUUID(),
          orderId: id,
          expectedVersion: 7,
        }),
      'VERSION_MISMATCH',
    ],
    [
      "a command for another tenant's order",
      (id: string) =>
        JSON.stringify({ type: 'PaymentCaptured', tenantId: 'tenant-b', messageId: randomUUID(), orderId: id }),
      'ORDER_NOT_FOUND',
    ],
  ] as const)(
    'dead-letters %s as it arrived, with %s, and goes on with the next record',
    async (_kind, valueFor, code) => {
      const order = await place();
      const caseId = randomUUID();
      const value = valueFor(order.id);
      await sendRaw(order.id, value, { 'test-case': caseId, source: 'payments' });
      await send({ type: 'PaymentCaptured', orderId: order.id });

      const deadLetter = await deadLetterOf(caseId);
      expect(deadLetter.key).toBe(order.id);
      expect(deadLetter.value).toBe(value);
      expect(deadLetter.headers).toMatchObject({ 'test-case': caseId, source: 'payments', 'error-code': code });
      expect(deadLetter.headers['error-detail']).not.toBe('');
      const confirmed = await eventually(
        () => orderOf(order.id),
        (read) => read.status === 'confirmed',
      );
      // The dead-lettered record changed nothing: the one change is the command after it.
      expect(confirmed).toMatchObject({ status: 'confirmed', version: 2 });
    },
  );

  it('commits the offset of every record it has handled, up to the end of the topic', async () => {
    const order = await place();
    await send({ type: 'PaymentCaptured', orderId: order.id });
    await eventually(
      () => orderOf(order.id),
      (read) => read.status === 'confirmed',
    );

    const ends = async () => {
      const [committed] = await admin.fetchOffsets({ groupId: `${topic}-consumer`, topics: [topic] });
      const latest = await admin.fetchTopicOffsets(topic);
      return latest.map(({ partition, high }) => ({
        partition,
        high,
        committed: committed?.partitions.find((entry) => entry.partition === partition)?.offset,
      }));
    };
    const offsets = await eventually(ends, (all) =>
      all.every(({ high, committed }) => high === '0' || committed === high),
    );
    for (const { high, committed } of offsets) if (high !== '0') expect(committed).toBe(high);
    expect(offsets.some(({ high }) => high !== '0')).toBe(true);
  });

  it('counts applied and dead-lettered records by type in /metrics', async () => {
    const order = await place();
    await sendRaw(order.id, 'not json {', { 'test-case': 'metrics' });
    await send({ type: 'PaymentCaptured', orderId: order.id });
    await eventually(
      () => orderOf(order.id),
      (read) => read.status === 'confirmed',
    );

    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    const count = (type: string, outcome: string) =>
      Number(
        new RegExp(`^kafka_input_messages_total\\{type="${type}",outcome="${outcome}"\\} (\\d+)$`, 'm').exec(
          metrics,
        )?.[1],
      );
    expect(count('PaymentCaptured', 'applied')).toBeGreaterThanOrEqual(1);
    expect(count('unknown', 'dead_lettered')).toBeGreaterThanOrEqual(1);
    expect(count('OrderCancellationRequested', 'retried')).toBe(0);
    expect(metrics).toMatch(/^kafka_input_consumer_lag\{partition="\d"\} \d+$/m);
  });

  it('reports itself in readiness, ok while consuming, without making the service unready', async () => {
    const response = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json<{ checks: Record<string, unknown> }>().checks['kafka-input']).toEqual({ status: 'ok' });
  });
});
