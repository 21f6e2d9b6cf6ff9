import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresOrderRepository } from '../../src/adapters/postgres/postgres-order-repository.js';
import { PostgresOrderUpdates } from '../../src/adapters/postgres/postgres-order-updates.js';
import type { OrderEvent } from '../../src/domain/model/order-events.js';
import { advanced, anOrder, eventOf } from '../contract/order-repository-fixtures.js';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { within } from '../support/subscription-queue.js';

/**
 * What travels between instances, seen past the adapter's listeners: the notifications PostgresOrderUpdates sends
 * on `order_events`, and the events migration 007's order_events_committed reads back, bound to one tenant.
 */

const WAIT_MS = 5_000;

describe.skipIf(!postgresAvailable)('committed events announced through NOTIFY on PostgreSQL', () => {
  let database: TestDatabase;
  let listener: pg.Client;
  /** The login that owns the tables, which writes past the policies. */
  let owner: pg.Client;
  let heard: string[];
  let wake: (() => void) | undefined;

  /** The next notification's payload, in the order they came. */
  async function nextNotification(): Promise<string> {
    const arrived = async (): Promise<string> => {
      for (;;) {
        const payload = heard.shift();
        if (payload !== undefined) return payload;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    };
    return within(arrived(), WAIT_MS, 'a notification');
  }

  /** Inserts, as the tables' owner, an order of `tenant` and `versions` events of it in one statement. */
  async function insertEvents(tenant: string, versions: number): Promise<string[]> {
    const orderId = randomUUID();
    await owner.query(
      `insert into orders (id, tenant_id, customer_id, customer_email, currency, total, status, version, created_at,
                           updated_at)
       values ($1, $2, 'c-1', 'c-1@example.com', 'USD', 100, 'pending', $3, now(), now())`,
      [orderId, tenant, versions],
    );
    const { rows } = await owner.query<{ event_id: string }>(
      `insert into order_events (event_id, tenant_id, order_id, order_version, type, occurred_at, payload)
       select gen_random_uuid(), $2, $1, version, 'OrderPlaced', now(), '{}' from generate_series(1, $3::int) version
       returning event_id`,
      [orderId, tenant, versions],
    );
    return rows.map((row) => row.event_id);
  }

  beforeAll(async () => {
    database = await TestDatabase.create();
  });

  afterAll(async () => {
    await database.drop();
  });

  beforeEach(async () => {
    heard = [];
    listener = new pg.Client({ connectionString: database.url });
    listener.on('notification', ({ payload }) => {
      heard.push(payload ?? '');
      wake?.();
    });
    await listener.connect();
    await listener.query('LISTEN order_events');
    owner = new pg.Client({ connectionString: database.url });
    await owner.connect();
  });

  afterEach(async () => {
    await Promise.all([listener.end(), owner.end()]);
  });

  it('announces events as their tenant and ids, 100 ids at most per notification, each far below 8000 bytes', async () => {
    const updates = new PostgresOrderUpdates({ url: database.url, logger: pino({ level: 'silent' }) });
    await updates.start();
    try {
      const eventOf = (tenantId: string): OrderEvent => ({
        eventId: randomUUID(),
        type: 'OrderPlaced',
        occurredAt: new Date(),
        order: anOrder({ tenantId }),
      });
      const ofA = Array.from({ length: 250 }, () => eventOf('tenant-a'));
      const ofB = eventOf('tenant-b');

      await updates.announce([...ofA.slice(0, 120), ofB, ...ofA.slice(120)]);
      const payloads = [await nextNotification(), await nextNotification(), await nextNotification()];
      const last = await nextNotification();

      expect(payloads.map((payload) => payload.split(':')[0])).toEqual(['tenant-a', 'tenant-a', 'tenant-a']);
      expect(payloads.flatMap((payload) => payload.split(':')[1]?.split(','))).toEqual(ofA.map((e) => e.eventId));
      expect(payloads.map((payload) => payload.split(':')[1]?.split(',').length)).toEqual([100, 100, 50]);
      for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
      expect(last).toBe(`tenant-b:${ofB.eventId}`);
    } finally {
      await updates.stop();
    }
  });

  it('reads a change back only as its own tenant, in the order the ids are asked, and only for orders_service', async () => {
    const ids = await insertEvents('tenant-a', 3);
    const read = 'select event_id from order_events_committed($1, $2)';
    const reversed = [...ids].reverse();

    await listener.query('SET ROLE orders_service');
    expect(
      (await listener.query<{ event_id: string }>(read, ['tenant-a', reversed])).rows.map((row) => row.event_id),
    ).toEqual(reversed);
    expect((await listener.query(read, ['tenant-b', ids])).rows).toEqual([]);
    expect((await listener.query('select event_id from order_events')).rows).toEqual([]);
    await listener.query('SET ROLE orders_relay');
    await expect(listener.query(read, ['tenant-a', ids])).rejects.toThrow(/permission denied/);
  });

  it('passes on every change, an earlier version heard after a later one included, each with its version', async () => {
    const updates = new PostgresOrderUpdates({ url: database.url, logger: pino({ level: 'silent' }) });
    const passedOn: [string, number][] = [];
    let lastPassedOn: () => void = () => undefined;
    const shippedPassedOn = new Promise<void>((resolve) => (lastPassedOn = resolve));
    updates.listen((events) => {
      for (const event of events) passedOn.push([event.type, event.order.version]);
      if (events.some((event) => event.type === 'OrderShipped')) lastPassedOn();
    });
    await updates.start();
    try {
      const repository = new PostgresOrderRepository(database.database.knex, []);
      const placed = anOrder();
      const confirmed = advanced(placed, 'confirmed', placed.createdAt);
      const shipped = advanced(confirmed, 'shipped', placed.createdAt);
      const [v1, v2, v3] = [
        eventOf(placed, 'OrderPlaced'),
        eventOf(confirmed, 'OrderConfirmed'),
        eventOf(shipped, 'OrderShipped'),
      ];
      await repository.save({ order: placed, expectedVersion: 0, events: [v1] });
      await repository.save({ order: confirmed, expectedVersion: 1, events: [v2] });
      await repository.save({ order: shipped, expectedVersion: 2, events: [v3] });

      // as two instances may, each announcing after its own commit
      await updates.announce([v2]);
      await updates.announce([v1]);
      await updates.announce([v3]);
      await within(shippedPassedOn, WAIT_MS, 'the last version passed on');

      expect(passedOn).toEqual([
        ['OrderConfirmed', 2],
        ['OrderPlaced', 1],
        ['OrderShipped', 3],
      ]);
    } finally {
      await updates.stop();
    }
  });
});
