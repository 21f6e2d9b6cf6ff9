import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel, Partitioners, type Consumer } from 'kafkajs';
import { pino } from 'pino';
import { PostgresOrderRepository } from '../src/adapters/postgres/postgres-order-repository.js';
import { PostgresOrderUpdates } from '../src/adapters/postgres/postgres-order-updates.js';
import type { OrderSnapshot } from '../src/domain/model/order-snapshot.js';
import { startKafkaBroker } from '../test/support/kafka-broker.js';
import { TestDatabase } from '../test/support/postgres.js';

/**
 * `npm run bench:subscriptions`: how soon does an instance hear of a change committed elsewhere (docs/adr/0022)?
 * One change at a time, from the start of the write to the moment the other side's callback runs:
 * - LISTEN/NOTIFY: the repository's own statement (an order and its event, committed) to PostgresOrderUpdates' listener,
 *   which has read the event back;
 * - Kafka: a producer's send of an event-sized record (acks from all replicas) to a consumer of its own group;
 * and how long such a consumer takes from connecting to joining its new group, as an instance would at each start.
 * `--smoke` runs a few changes and one join, only to keep the harness working.
 */
const smoke = process.argv.includes('--smoke');
const CHANGES = smoke ? 50 : 1_000;
const WARM_UP = smoke ? 5 : 50;
const JOINS = smoke ? 1 : 3;
const TOPIC = 'bench-subscription-latency';
const PAYLOAD_BYTES = 400; // about one event of the outbox, as the Kafka notifier sends it

interface Figures {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

function figures(latencies: readonly number[]): Figures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

const format = ({ p50, p99, max }: Figures) =>
  `p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${max.toFixed(2)} ms`;

/** Waits for `key` to be heard: `heard` resolves the waiter registered here. */
class Arrivals {
  private readonly waiting = new Map<string, (at: number) => void>();

  expect(key: string): Promise<number> {
    return new Promise((resolve) => this.waiting.set(key, resolve));
  }

  heard(key: string): void {
    const at = performance.now();
    this.waiting.get(key)?.(at);
    this.waiting.delete(key);
  }
}

/** Latencies of one path: from each write's start, and from its acknowledgement (committed, or acked by the broker). */
interface Latencies {
  readonly fromWrite: Figures;
  readonly fromAck: Figures;
}

/** Writes `count` changes one after the other, each heard before the next is written. */
async function measure(count: number, write: (key: string) => Promise<void>, arrivals: Arrivals): Promise<Latencies> {
  const fromWrite: number[] = [];
  const fromAck: number[] = [];
  for (let change = 0; change < count; change++) {
    const key = randomUUID();
    const arrived = arrivals.expect(key);
    const start = performance.now();
    await write(key);
    const acknowledged = performance.now();
    const at = await arrived;
    fromWrite.push(at - start);
    // Heard before the writer's callback ran: the acknowledgement and the notification raced, and the notification won.
    fromAck.push(Math.max(0, at - acknowledged));
  }
  return { fromWrite: figures(fromWrite), fromAck: figures(fromAck) };
}

function anOrder(id: string): OrderSnapshot {
  const at = new Date();
  return {
    id,
    tenantId: 'bench',
    customerId: 'c-bench',
    customerEmail: 'bench@example.com',
    items: [{ sku: 'BOOK-42', quantity: 1, unitPrice: 1250 }],
    currency: 'USD',
    total: 1250,
    status: 'pending',
    cancellationReason: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

async function listenNotify(): Promise<Latencies> {
  const database = await TestDatabase.create();
  const updates = new PostgresOrderUpdates({ url: database.url, logger: pino({ level: 'warn' }) });
  const repository = new PostgresOrderRepository(database.database.knex, ['kafka']);
  const arrivals = new Arrivals();
  updates.listen((events) => {
    for (const event of events) arrivals.heard(event.order.id);
  });
  try {
    await updates.start();
    const write = async (id: string) => {
      const order = anOrder(id);
      const event = { eventId: randomUUID(), type: 'OrderPlaced' as const, occurredAt: order.createdAt, order };
      await repository.save({ order, expectedVersion: 0, events: [event] });
    };
    await measure(WARM_UP, write, arrivals);
    return await measure(CHANGES, write, arrivals);
  } finally {
    await updates.stop();
    await database.drop();
  }
}

/** Connects a consumer of a new group and resolves with the milliseconds until it joined, assigned its partition. */
async function joinedConsumer(kafka: Kafka, arrivals: Arrivals): Promise<{ consumer: Consumer; joinMs: number }> {
  const consumer = kafka.consumer({ groupId: `bench-instance-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const start = performance.now();
  const joined = new Promise<number>((resolve) =>
    consumer.on(consumer.events.GROUP_JOIN, () => resolve(performance.now())),
  );
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: false });
  await consumer.run({ eachMessage: async ({ message }) => arrivals.heard(message.key?.toString() ?? '') });
  return { consumer, joinMs: (await joined) - start };
}

async function kafkaConsumerGroup(): Promise<{ latency: Latencies; joins: number[] }> {
  const broker = await startKafkaBroker();
  const kafka = new Kafka({ clientId: 'bench-subscriptions', brokers: [broker.brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  try {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }], waitForLeaders: true });
    await producer.connect();
    const arrivals = new Arrivals();
    const joins: number[] = [];
    let consumer: Consumer | undefined;
    for (let join = 0; join < JOINS; join++) {
      await consumer?.disconnect();
      const joined = await joinedConsumer(kafka, arrivals);
      consumer = joined.consumer;
      joins.push(joined.joinMs);
    }
    const value = Buffer.alloc(PAYLOAD_BYTES, 'x');
    const write = async (key: string) => {
      await producer.send({ topic: TOPIC, messages: [{ key, value }] });
    };
    // A new group starts at the end of the log once it has fetched its offsets: the first records wait that out.
    await untilHeard(write, arrivals);
    await measure(WARM_UP, write, arrivals);
    const latency = await measure(CHANGES, write, arrivals);
    await consumer?.disconnect();
    return { latency, joins };
  } finally {
    await producer.disconnect();
    await admin.disconnect();
    await broker.destroy();
  }
}

/** Sends marker records every 200 ms until one arrives, so the measured records all follow the group's position. */
async function untilHeard(write: (key: string) => Promise<void>, arrivals: Arrivals): Promise<void> {
  for (;;) {
    const key = randomUUID();
    const heard = arrivals.expect(key).then(() => true);
    await write(key);
    if (await Promise.race([heard, new Promise<false>((resolve) => setTimeout(() => resolve(false), 200))])) return;
  }
}

const report = ({ fromWrite, fromAck }: Latencies) =>
  `from the write: ${format(fromWrite)}\n    from its acknowledgement: ${format(fromAck)}`;
console.log(`Commit-to-listener latency, ${CHANGES} changes one at a time, on this machine (indicative)`);
const notify = await listenNotify();
console.log(`  LISTEN/NOTIFY (an order committed, PostgresOrderUpdates' listener):\n    ${report(notify)}`);
const kafka = await kafkaConsumerGroup();
console.log(`  Kafka (a record produced, a consumer of its own group):\n    ${report(kafka.latency)}`);
console.log(`  Kafka consumer joining a new group: ${kafka.joins.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}`);
