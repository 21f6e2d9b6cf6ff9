import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresOrderRepository } from '../../src/adapters/postgres/postgres-order-repository.js';
import { advanced, anOrder, eventOf, T0, TENANT } from '../contract/order-repository-fixtures.js';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { customerIdOf, orderIdOf } from '../support/values.js';

/**
 * The PostgreSQL order repository sends each call as one statement, its own transaction: what that statement writes,
 * and that a lost race or a refused row leaves nothing half-written. Rows are inspected as the owner, past the policies.
 */

const NOTIFIERS = ['email', 'kafka'];
const LATER = new Date('2026-01-01T00:05:00.000Z');

describe.skipIf(!postgresAvailable)('the order repository on PostgreSQL, one statement per call', () => {
  let database: TestDatabase;
  let repository: PostgresOrderRepository;
  let sent: string[];
  const record = (query: { sql: string }) => sent.push(query.sql);

  /** What the owner sees of the rows of `table` for this order, without their tenant-independent noise. */
  async function rowsOf(table: string, orderId: string): Promise<Record<string, unknown>[]> {
    const key = table === 'orders' ? 'id' : 'order_id';
    return database.owner(table).where(key, orderId).select();
  }

  beforeAll(async () => {
    database = await TestDatabase.create();
  });

  afterAll(async () => {
    await database.drop();
  });

  beforeEach(async () => {
    await database.truncate();
    repository = new PostgresOrderRepository(database.database.knex, NOTIFIERS);
    sent = [];
    database.database.knex.on('query', record);
  });

  afterEach(() => {
    database.database.knex.off('query', record);
  });

  it('sends one statement for a placement, a change, a read and a page', async () => {
    const order = anOrder();
    await repository.save({ order, expectedVersion: 0, events: [eventOf(order, 'OrderPlaced')] });
    const confirmed = advanced(order, 'confirmed', LATER);
    await repository.save({ order: confirmed, expectedVersion: 1, events: [eventOf(confirmed, 'OrderConfirmed')] });
    await repository.findById(TENANT, orderIdOf(order.id));
    await repository.list({ tenantId: TENANT, customerId: customerIdOf(order.customerId), limit: 10 });

    expect(sent).toHaveLength(4);
    expect(sent.map((sql) => /orders_(place|change|find|list)/.exec(sql)?.[0])).toEqual([
      'orders_place',
      'orders_change',
      'orders_find',
      'orders_list',
    ]);
  });

  it('writes the order, its lines in order, its event with the order as payload, and a delivery per notifier', async () => {
    const order = anOrder();
    const event = eventOf(order, 'OrderPlaced');
    expect(await repository.save({ order, expectedVersion: 0, events: [event] })).toBe('saved');

    expect(await rowsOf('orders', order.id)).toEqual([
      {
        id: order.id,
        tenant_id: TENANT,
        customer_id: order.customerId,
        customer_email: order.customerEmail,
        currency: order.currency,
        total: order.total,
        status: 'pending',
        cancellation_reason: null,
        version: 1,
        created_at: T0,
        updated_at: T0,
      },
    ]);
    const lines = await database.owner('order_lines').where('order_id', order.id).orderBy('line_no').select();
    expect(lines).toEqual(
      order.items.map((item, lineNo) => ({
        order_id: order.id,
        tenant_id: TENANT,
        line_no: lineNo,
        sku: item.sku,
        quantity: item.quantity,
        unit_price: item.unitPrice,
      })),
    );
    expect(await rowsOf('order_events', order.id)).toEqual([
      {
        event_id: event.eventId,
        tenant_id: TENANT,
        order_id: order.id,
        order_version: 1,
        type: 'OrderPlaced',
        occurred_at: event.occurredAt,
        payload: JSON.parse(JSON.stringify(order)) as unknown,
        // Saved with no trace active (SPEC §10).
        trace_parent: null,
      },
    ]);
    const deliveries = await database.owner('event_deliveries').where('order_id', order.id).orderBy('notifier');
    expect(deliveries).toEqual(
      NOTIFIERS.map((notifier) => ({
        event_id: event.eventId,
        tenant_id: TENANT,
        notifier,
        status: 'pending',
        attempts: 0,
        next_attempt_at: event.occurredAt,
        last_error: null,
        delivered_at: null,
        order_id: order.id,
        order_version: 1,
      })),
    );
  });

  it('places one of two orders racing for the same id, and keeps no row of the other', async () => {
    const first = anOrder({ customerId: 'c-first' });
    const second = anOrder({
      id: first.id,
      customerId: 'c-second',
      items: [{ sku: 'OTHER', quantity: 3, unitPrice: 1 }],
    });
    const [firstEvent, secondEvent] = [eventOf(first, 'OrderPlaced'), eventOf(second, 'OrderPlaced')];

    const outcomes = await Promise.all([
      repository.save({ order: first, expectedVersion: 0, events: [firstEvent] }),
      repository.save({ order: second, expectedVersion: 0, events: [secondEvent] }),
    ]);

    expect([...outcomes].sort()).toEqual(['saved', 'stale']);
    const [winner, winnerEvent] = outcomes[0] === 'saved' ? [first, firstEvent] : [second, secondEvent];
    expect(await repository.findById(TENANT, orderIdOf(first.id))).toEqual(winner);
    expect(await rowsOf('order_lines', first.id)).toHaveLength(winner.items.length);
    expect((await rowsOf('order_events', first.id)).map((row) => row.event_id)).toEqual([winnerEvent.eventId]);
    expect((await rowsOf('event_deliveries', first.id)).map((row) => row.event_id)).toEqual(
      NOTIFIERS.map(() => winnerEvent.eventId),
    );
  });

  it('applies one of two changes racing from the same version, and records only its event', async () => {
    const order = anOrder();
    await repository.save({ order, expectedVersion: 0, events: [eventOf(order, 'OrderPlaced')] });
    const confirmed = advanced(order, 'confirmed', LATER);
    const cancelled = advanced(order, 'cancelled', LATER, 'changed my mind');
    const [confirmation, cancellation] = [eventOf(confirmed, 'OrderConfirmed'), eventOf(cancelled, 'OrderCancelled')];

    const outcomes = await Promise.all([
      repository.save({ order: confirmed, expectedVersion: 1, events: [confirmation] }),
      repository.save({ order: cancelled, expectedVersion: 1, events: [cancellation] }),
    ]);

    expect([...outcomes].sort()).toEqual(['saved', 'stale']);
    const [winner, winnerEvent] = outcomes[0] === 'saved' ? [confirmed, confirmation] : [cancelled, cancellation];
    expect(await repository.findById(TENANT, orderIdOf(order.id))).toEqual(winner);
    const events = await database.owner('order_events').where('order_version', 2).select('event_id');
    expect(events).toEqual([{ event_id: winnerEvent.eventId }]);
  });

  it('keeps nothing of a placement whose lines the database refuses, the order included', async () => {
    const order = anOrder({
      items: [
        { sku: 'TWICE', quantity: 1, unitPrice: 100 },
        { sku: 'TWICE', quantity: 2, unitPrice: 100 },
      ],
    });

    await expect(
      repository.save({ order, expectedVersion: 0, events: [eventOf(order, 'OrderPlaced')] }),
    ).rejects.toThrow(/order_lines_unique_sku/);

    for (const table of ['orders', 'order_lines', 'order_events', 'event_deliveries'])
      expect(await rowsOf(table, order.id), table).toEqual([]);
  });

  it('walks the keyset index that fits each filter to a page, with no sort', async () => {
    await database.owner.raw(
      `
      insert into orders (id, tenant_id, customer_id, customer_email, currency, total, status, version, created_at, updated_at)
      select gen_random_uuid(), 'tenant-' || (i % 4), 'c-' || (i % 40), 'a@example.com', 'USD', 100,
             (array['pending', 'confirmed', 'shipped'])[1 + i % 3], 1, ?::timestamptz - i * interval '1 second', ?
      from generate_series(1, 8000) i`,
      [T0, T0],
    );
    await database.owner.raw('analyze orders');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const plans: string[] = [];
    client.on('notice', (notice) => plans.push(notice.message ?? ''));
    try {
      // auto_explain reports the plan of every statement the function runs, as a notice to this client.
      await client.query("LOAD 'auto_explain'");
      await client.query('SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on');
      await client.query('SET client_min_messages = log');
      const cases: [string | null, string | null, boolean, string][] = [
        [null, null, false, 'orders_newest'],
        ['c-3', null, true, 'orders_by_customer_newest'],
        [null, 'shipped', true, 'orders_by_status_newest'],
      ];
      for (const [customer, status, after, index] of cases) {
        plans.length = 0;
        await client.query('select id from orders_list($1, $2, $3, $4, $5, 20)', [
          'tenant-3',
          customer,
          status,
          after ? T0 : null,
          after ? 'ffffffff-ffff-4fff-bfff-ffffffffffff' : null,
        ]);
        const page = plans.find((plan) => plan.includes('FROM orders_read'));
        expect(page, index).toMatch(new RegExp(`Limit[\\s\\S]*Index Scan using ${index} on orders`));
        expect(page, index).not.toMatch(/Sort/);
      }
    } finally {
      await client.end();
    }
  });
});
