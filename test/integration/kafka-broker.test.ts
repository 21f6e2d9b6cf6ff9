import { randomUUID } from 'node:crypto';
import {
  Kafka,
  KafkaJSError,
  logLevel,
  type Admin,
  type Consumer,
  type ConsumerGroupJoinEvent,
  type IHeaders,
  type Producer,
} from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { kafkaOrSkip, type KafkaBroker } from '../support/kafka-broker.js';

// kafkajs 2 warns once that its default partitioner changed; the tests do not care which one it is
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

/** Started while the file loads, so the suite can skip (or, with CI=true, fail) when Java or Maven are missing. */
const broker: KafkaBroker | undefined = await kafkaOrSkip();

interface Received {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | undefined;
  readonly value: string | undefined;
  readonly headers: Record<string, string>;
}

function text(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));
}

describe.skipIf(!broker)('a real Kafka broker for the tests (3.9.1, KRaft, child process)', () => {
  const { brokers } = broker ?? { brokers: '' };
  const topic = `order-events-${randomUUID()}`;
  const kafka = new Kafka({ clientId: 'kafka-broker-test', brokers: [brokers], logLevel: logLevel.NOTHING });
  let admin: Admin;
  let producer: Producer;
  const consumers: Consumer[] = [];

  /** Joins a new consumer group on the topic, from the beginning, and collects what it receives. */
  async function consume(
    groupId = `kafka-broker-test-${randomUUID()}`,
  ): Promise<{ received: Received[]; joined: ConsumerGroupJoinEvent }> {
    // a short fetch wait: disconnect() waits for the fetch in flight, 5 s by default
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250 });
    consumers.push(consumer);
    const received: Received[] = [];
    const joined = new Promise<ConsumerGroupJoinEvent>((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push({
          partition,
          offset: message.offset,
          key: message.key?.toString(),
          value: message.value?.toString(),
          headers: text(message.headers),
        });
      },
    });
    return { received, joined: await joined };
  }

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.allSettled([
      ...consumers.map((consumer) => consumer.disconnect()),
      producer?.disconnect(),
      admin?.disconnect(),
    ]);
    await broker?.destroy();
  });

  it('serves clients on 127.0.0.1 and creates a topic with a leader for each of its three partitions', async () => {
    expect(brokers).toMatch(/^127\.0\.0\.1:\d+$/);
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });

    expect(topics).toHaveLength(1);
    const partitions = topics[0]?.partitions.map(({ partitionId, leader }) => ({ partitionId, leader }));
    expect(partitions?.sort((a, b) => a.partitionId - b.partitionId)).toEqual([
      { partitionId: 0, leader: 1 },
      { partitionId: 1, leader: 1 },
      { partitionId: 2, leader: 1 },
    ]);
  });

  const firstGroup = `kafka-broker-test-${randomUUID()}`;

  it('delivers the keys, values and headers an idempotent producer sends to a consumer group, in order per key', async () => {
    await producer.send({
      topic,
      messages: [
        { key: 'order-1', value: 'OrderPlaced', headers: { 'event-type': 'OrderPlaced', 'correlation-id': 'c-1' } },
        { key: 'order-2', value: 'OrderPlaced', headers: { 'event-type': 'OrderPlaced', 'correlation-id': 'c-2' } },
        {
          key: 'order-1',
          value: 'OrderConfirmed',
          headers: { 'event-type': 'OrderConfirmed', 'correlation-id': 'c-3' },
        },
      ],
    });

    const { received, joined } = await consume(firstGroup);

    expect(joined.payload.groupId).toBe(firstGroup);
    expect(joined.payload.memberAssignment[topic]?.slice().sort()).toEqual([0, 1, 2]);
    await vi.waitFor(() => expect(received).toHaveLength(3), { timeout: 15_000 });
    const sorted = received
      .slice()
      .sort((a, b) => (a.key ?? '').localeCompare(b.key ?? '') || Number(a.offset) - Number(b.offset));
    expect(sorted.map(({ key, value, headers }) => ({ key, value, headers }))).toEqual([
      { key: 'order-1', value: 'OrderPlaced', headers: { 'event-type': 'OrderPlaced', 'correlation-id': 'c-1' } },
      { key: 'order-1', value: 'OrderConfirmed', headers: { 'event-type': 'OrderConfirmed', 'correlation-id': 'c-3' } },
      { key: 'order-2', value: 'OrderPlaced', headers: { 'event-type': 'OrderPlaced', 'correlation-id': 'c-2' } },
    ]);
    // one key, one partition: that is what keeps an order's events in order
    expect(sorted[0]?.partition).toBe(sorted[1]?.partition);

    // the group commits what it read (on disconnect at the latest), so it survives the restart below
    await consumers.pop()?.disconnect();
  });

  it('refuses sends while the broker is stopped, and serves them again, with its data, once it is started again', async () => {
    if (!broker) return;
    const impatient = new Kafka({
      clientId: 'kafka-broker-test-impatient',
      brokers: [brokers],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 500,
      requestTimeout: 1_000,
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 300 },
    }).producer();
    await impatient.connect();

    await broker.stop();
    try {
      await expect(impatient.send({ topic, messages: [{ key: 'order-3', value: 'lost' }] })).rejects.toBeInstanceOf(
        KafkaJSError,
      );
    } finally {
      await impatient.disconnect();
    }

    await broker.start();
    await producer.send({
      topic,
      messages: [{ key: 'order-3', value: 'OrderPlaced', headers: { 'event-type': 'OrderPlaced' } }],
    });

    // the group from before the outage resumes where it left off (admin.fetchOffsets does not retry while the
    // restarted broker is still loading the groups: "The coordinator is loading", so wait for it)
    const committed = await vi.waitFor(() => admin.fetchOffsets({ groupId: firstGroup, topics: [topic] }), {
      timeout: 15_000,
    });
    const committedTotal = committed[0]?.partitions.reduce(
      (sum, { offset }) => sum + Number(offset === '-1' ? 0 : offset),
      0,
    );
    expect(committedTotal).toBe(3);
    // and a new group reads everything: the messages from before the outage were kept, the lost one never arrived
    const { received } = await consume();
    await vi.waitFor(() => expect(received).toHaveLength(4), { timeout: 15_000 });
    expect(received.map(({ key, value }) => `${key}:${value}`).sort()).toEqual([
      'order-1:OrderConfirmed',
      'order-1:OrderPlaced',
      'order-2:OrderPlaced',
      'order-3:OrderPlaced',
    ]);
  }, 90_000);
});
