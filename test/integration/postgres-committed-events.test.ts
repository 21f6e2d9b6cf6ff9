import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { within } from '../support/subscription-queue.js';

/**
 * Migration 007, past the adapters: the statement that inserts events notifies `order_events` with their tenant and
 * ids once its transaction commits, and order_events_committed reads them back bound to that tenant.
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

  it('notifies the tenant and the event ids of a committed statement, and nothing of one rolled back', async () => {
    await owner.query('BEGIN');
    await insertEvents('tenant-a', 1);
    await owner.query('ROLLBACK');
    const committed = await insertEvents('tenant-b', 2);

    expect(await nextNotification()).toBe(`tenant-b:${committed.join(',')}`);
  });

  it('splits a statement of many events into notifications of 100 ids at most, each far below 8000 bytes', async () => {
    const ids = await insertEvents('tenant-a', 250);

    const payloads = [await nextNotification(), await nextNotification(), await nextNotification()];

    expect(payloads.map((payload) => payload.split(':')[1]?.split(',').length)).toEqual([100, 100, 50]);
    expect(payloads.flatMap((payload) => payload.split(':')[1]?.split(','))).toEqual(ids);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
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
});
