import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaOrSkip } from '../support/kafka-broker.js';
import { TopicReader } from '../support/kafka-consumer.js';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { startServer } from '../support/server-process.js';
import { bearerFor, STAFF } from '../support/tokens.js';

const broker = postgresAvailable ? await kafkaOrSkip() : undefined;

describe.skipIf(!broker)('a SIGKILL during delivery, on PostgreSQL', () => {
  const topic = `order-events-${randomUUID()}`;
  let database: TestDatabase;
  let reader: TopicReader | undefined;

  beforeAll(async () => {
    database = await TestDatabase.create();
    // Made now, with its partitions, so that the service finds it; read once the broker is back, by a reader of its own.
    await (await TopicReader.open(broker!.brokers, topic)).close();
  }, 120_000);

  afterAll(async () => {
    await reader?.close();
    await database?.drop();
    await broker?.destroy();
  });

  /** How many delivery rows `filter` keeps. */
  async function deliveries(filter: (rows: Knex.QueryBuilder) => Knex.QueryBuilder): Promise<number> {
    const [row] = await filter(database.owner('event_deliveries')).count<{ count: string }[]>('* as count');
    return Number(row?.count);
  }

  it('loses nothing: after a restart the backlog drains and every event arrives', async () => {
    const env = {
      ORDERS_REPOSITORY: 'postgres',
      DATABASE_URL: database.url,
      ORDERS_NOTIFIERS: 'kafka',
      KAFKA_BROKERS: broker!.brokers,
      KAFKA_TOPIC: topic,
    };
    const first = await startServer(env);
    const customerId = `c-crash-${randomUUID()}`;
    const authorization = await bearerFor(STAFF);
    const ids: string[] = [];
    // The broker is away while the orders come in, so a backlog builds up; the kill lands while it drains.
    await broker!.stop();
    for (let wave = 0; wave < 10; wave++) {
      const responses = await Promise.all(
        Array.from({ length: 30 }, () =>
          fetch(`${first.url}/orders`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization },
            body: JSON.stringify({
              customerId,
              customerEmail: 'ada@example.com',
              items: [{ sku: 'A', quantity: 1, unitPrice: 100 }],
            }),
          }),
        ),
      );
      for (const response of responses) {
        expect(response.status).toBe(201);
        ids.push(((await response.json()) as { id: string }).id);
      }
    }
    await broker!.start();
    // Killed once the backlog drains: a delivery recorded as done was published (its mark commits after the send).
    const delivered = () => deliveries((rows) => rows.where({ status: 'delivered' }));
    await expect.poll(delivered, { timeout: 120_000, interval: 25 }).toBeGreaterThan(0);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const pendingAtKill = await deliveries((rows) => rows.where({ status: 'pending' }));
    console.info(
      `[crash] ${ids.length} orders acknowledged; at SIGKILL ${pendingAtKill} deliveries pending, ${await delivered()} published`,
    );

    const second = await startServer(env);
    try {
      const read = await TopicReader.open(broker!.brokers, topic);
      reader = read;
      await read.waitUntil((records) => ids.every((id) => records.some((record) => record.key === id)), 60_000);
      const undelivered = () => deliveries((rows) => rows.whereNot({ status: 'delivered' }));
      await expect.poll(undelivered, { timeout: 10_000 }).toBe(0);
      // A repeat may occur, but only as the same event: one event id per order.
      const eventIds = new Map<string, Set<string>>();
      for (const record of read.records)
        eventIds.set(record.key, (eventIds.get(record.key) ?? new Set()).add(record.headers['event-id'] ?? ''));
      expect(ids.every((id) => eventIds.get(id)?.size === 1)).toBe(true);
      console.info(
        `[crash] after the restart: ${ids.length} of ${ids.length} events published, ${read.records.length - ids.length} repeats`,
      );
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 300_000);
});
