import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresOrderRepository } from '../../src/adapters/postgres/postgres-order-repository.js';
import { PostgresProcessedMessages } from '../../src/adapters/postgres/postgres-processed-messages.js';
import type { OrderSnapshot } from '../../src/domain/model/order-snapshot.js';
import { parseMessageId } from '../../src/domain/model/values/message-id.js';
import { advanced, anOrder, eventOf, OTHER_TENANT, placed, T0, TENANT } from '../contract/order-repository-fixtures.js';
import { unwrap } from '../support/order-commands.js';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { orderIdOf } from '../support/values.js';

/**
 * A save that applies a message, on PostgreSQL: one statement that writes the message with the change, and two
 * transactions recording one message at once, which the message's key settles. Rows are inspected as the owner.
 */

const MESSAGE_ID = unwrap(parseMessageId('30000000-0000-4000-8000-00000000000a'));
const LATER = new Date(T0.getTime() + 60_000);
const CHANGE_MESSAGE = 'select orders_change_message($1, $2, $3, $4, $5, null, $6) as outcome';

/** The arguments of orders_change_message confirming `order`, as the repository sends them. */
function confirmationArguments(order: OrderSnapshot): unknown[] {
  const confirmed = advanced(order, 'confirmed', LATER);
  const row = { ...confirmed, tenant_id: confirmed.tenantId, updated_at: confirmed.updatedAt };
  const event = eventOf(confirmed, 'OrderConfirmed');
  const eventRow = {
    event_id: event.eventId,
    tenant_id: TENANT,
    order_id: order.id,
    order_version: confirmed.version,
    type: event.type,
    occurred_at: event.occurredAt,
    payload: confirmed,
  };
  return [TENANT, JSON.stringify(row), order.version, JSON.stringify([eventRow]), ['email'], MESSAGE_ID];
}

describe.skipIf(!postgresAvailable)('a save applying a message, on PostgreSQL', () => {
  let database: TestDatabase;
  let repository: PostgresOrderRepository;
  let sent: string[];
  const record = (query: { sql: string }) => sent.push(query.sql);

  beforeAll(async () => {
    database = await TestDatabase.create();
  });

  afterAll(async () => {
    await database.drop();
  });

  beforeEach(async () => {
    await database.truncate();
    repository = new PostgresOrderRepository(database.database.knex, ['email']);
    sent = [];
    database.database.knex.on('query', record);
  });

  afterEach(() => {
    database.database.knex.off('query', record);
  });

  it('sends one statement for the change and its message, one for the question, and stores both', async () => {
    const order = await placed(repository);
    sent.length = 0;
    const confirmed = advanced(order, 'confirmed', LATER);
    const change = { order: confirmed, expectedVersion: 1, events: [eventOf(confirmed, 'OrderConfirmed')] };

    expect(await repository.save({ ...change, messageId: MESSAGE_ID })).toBe('saved');
    expect(await new PostgresProcessedMessages(database.database.knex).wasApplied(TENANT, MESSAGE_ID)).toBe(true);

    expect(sent.map((sql) => /(orders_\w+|processed_messages_\w+)\(/.exec(sql)?.[1])).toEqual([
      'orders_change_message',
      'processed_messages_applied',
    ]);
    expect(await database.owner('processed_messages').select()).toEqual([
      { tenant_id: TENANT, message_id: MESSAGE_ID, order_id: order.id, applied_at: LATER },
    ]);
    expect(await repository.findById(TENANT, orderIdOf(order.id))).toEqual(confirmed);
  });

  it('answers stale to a second transaction recording the same message, once the first commits, and rolls it back', async () => {
    const [first, second] = [await placed(repository), await placed(repository)];
    const [one, other] = [
      new pg.Client({ connectionString: database.url }),
      new pg.Client({ connectionString: database.url }),
    ];
    await Promise.all([one.connect(), other.connect()]);
    try {
      await one.query('BEGIN');
      expect((await one.query(CHANGE_MESSAGE, confirmationArguments(first))).rows).toEqual([{ outcome: 'saved' }]);

      // The second does not see the message the first recorded and has yet to commit: it passes the check, changes
      // its order, and waits on the message's key.
      const racing = other.query(CHANGE_MESSAGE, confirmationArguments(second));
      await expect
        .poll(async () => {
          const { rows } = await database.owner.raw<{ rows: { waiting: number }[] }>(
            "select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
          );
          return rows[0]!.waiting;
        })
        .toBe(1);
      await one.query('COMMIT');

      expect((await racing).rows).toEqual([{ outcome: 'stale' }]);
    } finally {
      await Promise.all([one.end(), other.end()]);
    }
    expect(await repository.findById(TENANT, orderIdOf(second.id))).toEqual(second);
    expect(await database.owner('order_events').where('order_id', second.id).count<{ n: string }[]>('* as n')).toEqual([
      { n: '1' },
    ]);
    expect(await database.owner('processed_messages').pluck('order_id')).toEqual([first.id]);
  });

  it('fails, as it does without a message, on a clash of another key, and records nothing', async () => {
    const order = await placed(repository);
    const confirmed = advanced(order, 'confirmed', LATER);
    const taken = (await database.owner('order_events').pluck('event_id'))[0] as string;
    const events = [{ ...eventOf(confirmed, 'OrderConfirmed'), eventId: taken }];

    await expect(
      repository.save({ order: confirmed, expectedVersion: 1, events, messageId: MESSAGE_ID }),
    ).rejects.toThrow(/duplicate key value violates unique constraint "order_events_pkey"/);

    expect(await database.owner('processed_messages').count<{ n: string }[]>('* as n')).toEqual([{ n: '0' }]);
    expect(await repository.findById(TENANT, orderIdOf(order.id))).toEqual(order);
  });

  it("answers whether a message was applied in the statement's tenant only, even when the login asks", async () => {
    const theirs = await placed(repository, { tenantId: OTHER_TENANT });
    const confirmed = advanced(theirs, 'confirmed', LATER);
    const change = { order: confirmed, expectedVersion: 1, events: [], messageId: MESSAGE_ID };
    expect(await repository.save(change)).toBe('saved');

    const login = new pg.Client({ connectionString: database.url });
    await login.connect();
    try {
      const applied = 'select processed_messages_applied($1, $2) as applied';
      expect((await login.query(applied, [OTHER_TENANT, MESSAGE_ID])).rows).toEqual([{ applied: true }]);
      expect((await login.query(applied, [TENANT, MESSAGE_ID])).rows).toEqual([{ applied: false }]);

      // Inside a transaction the binding outlives the statement, so it shows: the role and tenant of the policies.
      await login.query('BEGIN');
      await login.query(applied, [TENANT, MESSAGE_ID]);
      const bound = "select current_user as role, current_setting('app.tenant_id', true) as tenant";
      expect((await login.query(bound)).rows).toEqual([{ role: 'orders_service', tenant: TENANT }]);
      await login.query('ROLLBACK');
    } finally {
      await login.end();
    }
  });

  it('stores a placement and its message with the order', async () => {
    const order = anOrder();
    const placement = { order, expectedVersion: 0, events: [eventOf(order, 'OrderPlaced')], messageId: MESSAGE_ID };
    expect(await repository.save(placement)).toBe('saved');
    expect(await database.owner('processed_messages').select('order_id', 'applied_at')).toEqual([
      { order_id: order.id, applied_at: order.updatedAt },
    ]);
  });
});
