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

describe.skipIf(!broker)('Kafka input: a record it cannot finish is retried, never skipped (SPEC §11)', () => {
  const topic = `order-commands-${randomUUID()}`;
  const deadLetterTopic = `${topic}.dlq`;
  const group = `${topic}-consumer`;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const apps: FastifyInstance[] = [];

  beforeAll(async () => {
    kafka = new Kafka({ clientId: 'test-commands', brokers: [broker!.brokers], logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await producer?.disconnect();
    await admin?.disconnect();
  });

  async function start(): Promise<FastifyInstance> {
    const { app } = await buildTestApp({
      env: { ORDERS_REPOSITORY: 'memory', KAFKA_INPUT_TOPIC: topic, KAFKA_BROKERS: broker!.brokers },
    });
    apps.push(app);
    return app;
  }

  /** Takes the dead-letter topic away, so that dead-lettering fails until it is back. */
  async function removeDeadLetterTopic(): Promise<void> {
    await admin.deleteTopics({ topics: [deadLetterTopic] });
    await eventually(
      () => admin.listTopics(),
      (topics) => !topics.includes(deadLetterTopic),
    );
  }

  async function restoreDeadLetterTopic(): Promise<void> {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: deadLetterTopic, numPartitions: 3 }] });
  }

  async function sendPoison(key: string, caseId: string): Promise<{ partition: number; offset: string }> {
    const [sent] = await producer.send({
      topic,
      messages: [{ key, value: 'not json {', headers: { 'test-case': caseId } }],
    });
    return { partition: sent!.partition, offset: sent!.baseOffset! };
  }

  async function readinessOf(app: FastifyInstance) {
    const response = await app.inject({ method: 'GET', url: '/health/ready' });
    return {
      status: response.statusCode,
      check: response.json<{ checks: Record<string, { status: string; detail?: string }> }>().checks['kafka-input'],
    };
  }

  async function committedOffset(partition: number): Promise<string | undefined> {
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return committed?.partitions.find((entry) => entry.partition === partition)?.offset;
  }

  it('holds the partition on a record it cannot dead-letter, retrying it, and goes on once it can', async () => {
    const app = await start();
    const order = (await app.inject({ method: 'POST', url: '/orders', payload: newOrder })).json<OrderJson>();
    await removeDeadLetterTopic();
    const caseId = randomUUID();
    await sendPoison(order.id, caseId);
    await producer.send({
      topic,
      messages: [
        {
          key: order.id,
          value: JSON.stringify({
            type: 'PaymentCaptured',
            messageId: randomUUID(),
            tenantId: TEST_TENANT,
            orderId: order.id,
          }),
        },
      ],
    });

    const retrying = await eventually(
      () => readinessOf(app),
      (readiness) => readiness.check?.status === 'unavailable',
    );
    expect(retrying.status).toBe(200);
    expect(retrying.check?.status).toBe('unavailable');
    expect(retrying.check?.detail).toMatch(/^paused, retrying: /);
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^kafka_input_messages_total\{type="unknown",outcome="retried"\} [1-9]\d*$/m);
    // The command behind the record in hand waits for it.
    expect((await app.inject({ method: 'GET', url: `/orders/${order.id}` })).json<OrderJson>().status).toBe('pending');

    await restoreDeadLetterTopic();
    const deadLetters = await TopicReader.open(broker!.brokers, deadLetterTopic);
    try {
      await deadLetters.waitUntil((records) => records.some((record) => record.headers['test-case'] === caseId));
      const confirmed = await eventually(
        async () => (await app.inject({ method: 'GET', url: `/orders/${order.id}` })).json<OrderJson>(),
        (read) => read.status === 'confirmed',
      );
      expect(confirmed.version).toBe(2);
      expect(
        await eventually(
          () => readinessOf(app),
          (readiness) => readiness.check?.status === 'ok',
        ),
      ).toEqual({
        status: 200,
        check: { status: 'ok' },
      });
    } finally {
      await deadLetters.close();
    }
  });

  it('leaves a record it was retrying uncommitted when stopped, and the next instance handles it', async () => {
    const first = apps[0]!;
    await removeDeadLetterTopic();
    const caseId = randomUUID();
    const poison = await sendPoison(randomUUID(), caseId);
    await eventually(
      () => readinessOf(first),
      (readiness) => readiness.check?.status === 'unavailable',
    );
    await first.close();
    apps.shift();

    // Stopping abandoned the retries: nothing past the record is committed (-1: nothing yet on that partition).
    expect(Number(await committedOffset(poison.partition))).toBeLessThanOrEqual(Number(poison.offset));
    const [description] = (await admin.describeGroups([group])).groups;
    expect(description?.members).toEqual([]);

    await restoreDeadLetterTopic();
    const deadLetters = await TopicReader.open(broker!.brokers, deadLetterTopic);
    try {
      await start();
      await deadLetters.waitUntil((records) => records.some((record) => record.headers['test-case'] === caseId));
      const next = (BigInt(poison.offset) + 1n).toString();
      expect(
        await eventually(
          () => committedOffset(poison.partition),
          (offset) => offset === next,
        ),
      ).toBe(next);
    } finally {
      await deadLetters.close();
    }
  });

  it('leaves the group when stopped, every record it handled committed', async () => {
    const app = apps[0]!;
    const caseId = randomUUID();
    const poison = await sendPoison(randomUUID(), caseId);
    const next = (BigInt(poison.offset) + 1n).toString();
    await eventually(
      () => committedOffset(poison.partition),
      (offset) => offset === next,
    );
    await app.close();
    apps.shift();
    expect(await committedOffset(poison.partition)).toBe(next);
    const [description] = (await admin.describeGroups([group])).groups;
    expect(description?.members).toEqual([]);
  });
});
