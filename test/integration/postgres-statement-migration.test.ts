import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../../src/adapters/postgres/migration-source.js';
import { PostgresOrderRepository } from '../../src/adapters/postgres/postgres-order-repository.js';
import { anOrder, eventOf, TENANT } from '../contract/order-repository-fixtures.js';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { orderIdOf } from '../support/values.js';

/**
 * Migration 006 holds the repository's statements: it can be rolled back (with the migrations after it, which change
 * its functions) and applied again, keeping the rows.
 */

const MIGRATION_006 = '006-one-statement-per-repository-call';
const STATEMENTS = ['orders_find', 'orders_list', 'orders_place', 'orders_change'];
/** Migration 009's savers of a message, which call migration 006's and go down before it. */
const MESSAGE_STATEMENTS = ['orders_place_message', 'orders_change_message'];

describe.skipIf(!postgresAvailable)('migration 006, the functions of one statement per repository call', () => {
  let database: TestDatabase;

  async function routines(): Promise<string[]> {
    const { rows } = await database.owner.raw<{ rows: { name: string }[] }>(
      `select proname as name from pg_proc where pronamespace = 'public'::regnamespace and proname like 'orders\\_%'
       union all select viewname from pg_views where schemaname = 'public' and viewname = 'orders_read' order by 1`,
    );
    return rows.map((row) => row.name);
  }

  async function applied(name: string): Promise<boolean> {
    const [completed] = (await database.owner.migrate.list({ migrationSource })) as [{ name: string }[], unknown];
    return completed.some((migration) => migration.name === name);
  }

  beforeAll(async () => {
    database = await TestDatabase.create();
  });

  afterAll(async () => {
    await database.drop();
  });

  it('drops its functions and view on the way down, leaves the orders, and serves them again once reapplied', async () => {
    const repository = new PostgresOrderRepository(database.database.knex, ['email']);
    const order = anOrder();
    await repository.save({ order, expectedVersion: 0, events: [eventOf(order, 'OrderPlaced')] });
    expect(await routines()).toEqual([...STATEMENTS, ...MESSAGE_STATEMENTS, 'orders_read'].sort());

    while (await applied(MIGRATION_006)) await database.owner.migrate.down({ migrationSource });
    expect(await routines()).toEqual([]);
    expect(await database.owner('orders').pluck('id')).toEqual([order.id]);

    await database.owner.migrate.latest({ migrationSource });
    expect(await repository.findById(TENANT, orderIdOf(order.id))).toEqual(order);
  });
});
