import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresIdempotencyStore } from '../../src/adapters/postgres/postgres-idempotency-store.js';
import { PostgresOrderOutbox } from '../../src/adapters/postgres/postgres-order-outbox.js';
import { PostgresOrderRepository } from '../../src/adapters/postgres/postgres-order-repository.js';
import type { OrderSnapshot } from '../../src/domain/model/order-snapshot.js';
import { parseMessageId } from '../../src/domain/model/values/message-id.js';
import type { PendingDelivery } from '../../src/ports/outbound/order-outbox.js';
import { unwrap } from '../support/order-commands.js';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { idempotencyKeyOf, tenantIdOf } from '../support/values.js';

/**
 * The database's own wall between tenants (SPEC §9), tested past the adapters: a connection as the login, switched to
 * the roles the service uses, with SQL of its own.
 */

const TABLES = [
  'orders',
  'order_lines',
  'order_events',
  'event_deliveries',
  'idempotency_keys',
  'processed_messages',
] as const;
const AT = new Date('2026-01-01T00:00:00.000Z');
const MESSAGE_ID = unwrap(parseMessageId('30000000-0000-4000-8000-000000000001'));
let sequence = 0;

function anOrder(tenantId: string): OrderSnapshot {
  sequence++;
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    tenantId,
    customerId: `c-${tenantId}`,
    customerEmail: `${tenantId}@example.com`,
    items: [{ sku: 'BOOK-42', quantity: 1, unitPrice: 1250 }],
    currency: 'USD',
    total: 1250,
    status: 'pending',
    cancellationReason: null,
    version: 1,
    createdAt: AT,
    updatedAt: AT,
  };
}

/** Places an order in `tenantId` with its event owed to e-mail and a message, and claims an idempotency key there. */
async function seed(database: TestDatabase, tenantId: string): Promise<void> {
  const order = anOrder(tenantId);
  const repository = new PostgresOrderRepository(database.database.knex, ['email']);
  const event = { eventId: order.id.replace(/^0/, '1'), type: 'OrderPlaced' as const, occurredAt: AT, order };
  expect(await repository.save({ order, expectedVersion: 0, events: [event], messageId: MESSAGE_ID })).toBe('saved');
  await new PostgresIdempotencyStore(database.database.knex).claim({
    scope: { tenantId: tenantIdOf(tenantId), subject: 'subject-1' },
    key: idempotencyKeyOf('k-1'),
    fingerprint: 'body',
    orderId: order.id,
    at: AT,
    expiredBefore: new Date(0),
    abandonedBefore: new Date(0),
  });
}

/** What a query sees of each table: the tenant of every row it can read. */
async function tenantsSeen(client: pg.Client): Promise<Record<string, string[]>> {
  const seen: Record<string, string[]> = {};
  for (const table of TABLES) {
    const { rows } = await client.query<{ tenant_id: string }>(`select tenant_id from ${table} order by tenant_id`);
    seen[table] = rows.map((row) => row.tenant_id);
  }
  return seen;
}

function everyTable(tenants: string[]): Record<string, string[]> {
  return Object.fromEntries(TABLES.map((table) => [table, tenants]));
}

const AS_TENANT = "select set_config('role', 'orders_service', true), set_config('app.tenant_id', $1, true)";

/**
 * What orders_service sees of every table, with `tenant` set or none. For the look only (rolled back after), it may
 * read the tables it otherwise may only write to, so that what it cannot see is the policies' doing.
 */
async function lookAsService(client: pg.Client, tenant?: string): Promise<Record<string, string[]>> {
  await client.query('BEGIN');
  try {
    await client.query(`GRANT SELECT ON ${TABLES.join(', ')} TO orders_service`);
    if (tenant === undefined) await client.query('SET LOCAL ROLE orders_service');
    else await client.query(AS_TENANT, [tenant]);
    return await tenantsSeen(client);
  } finally {
    await client.query('ROLLBACK');
  }
}

describe.skipIf(!postgresAvailable)('row-level security on PostgreSQL', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await TestDatabase.create();
  });

  afterAll(async () => {
    await database.drop();
  });

  beforeEach(async () => {
    await database.truncate();
    await seed(database, 'tenant-a');
    await seed(database, 'tenant-b');
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });

  afterEach(async () => {
    await client.end();
  });

  it('holds rows of both tenants in every table, as the owner sees', async () => {
    expect(await tenantsSeen(client)).toEqual(everyTable(['tenant-a', 'tenant-b']));
  });

  it('shows orders_service no row of any table while no tenant is set', async () => {
    expect(await lookAsService(client)).toEqual(everyTable([]));
  });

  it("shows orders_service with tenant A set none of B's rows, in any table", async () => {
    expect(await lookAsService(client, 'tenant-a')).toEqual(everyTable(['tenant-a']));
    expect(await lookAsService(client, 'tenant-b')).toEqual(everyTable(['tenant-b']));
  });

  it('lets orders_service read only the tables a request or a live view reads, and those only in a tenant', async () => {
    await client.query('SET ROLE orders_service');
    for (const table of ['orders', 'order_lines', 'idempotency_keys', 'order_events', 'processed_messages'])
      expect((await client.query(`select tenant_id from ${table}`)).rows, table).toEqual([]);
    for (const table of ['event_deliveries'])
      await expect(client.query(`select tenant_id from ${table}`), table).rejects.toThrow(/permission denied/);
  });

  it("shows no order through the adapter's own pool outside a tenant's transaction", async () => {
    expect(await database.database.knex('orders').select('id')).toEqual([]);
    expect(await database.database.knex('idempotency_keys').select('key')).toEqual([]);
    expect(await database.database.knex('processed_messages').select('message_id')).toEqual([]);
  });

  it('forgets the tenant at the end of the transaction that set it, on the same connection', async () => {
    await client.query('SET ROLE orders_service');
    await client.query('BEGIN');
    await client.query(AS_TENANT, ['tenant-a']);
    expect((await client.query('select tenant_id from orders')).rows).toEqual([{ tenant_id: 'tenant-a' }]);
    await client.query('COMMIT');

    expect((await client.query('select tenant_id from orders')).rows).toEqual([]);
    const { rows } = await client.query<{ role: string; tenant: string | null }>(
      "select current_user as role, current_setting('app.tenant_id', true) as tenant",
    );
    expect(rows).toEqual([{ role: 'orders_service', tenant: '' }]);
  });

  it("refuses orders_service writing a row of tenant B while tenant A is set, or changing an order's tenant", async () => {
    await client.query('BEGIN');
    await client.query(AS_TENANT, ['tenant-a']);
    await expect(
      client.query(
        `insert into orders (id, tenant_id, customer_id, customer_email, currency, total, status, version, created_at, updated_at)
         values (gen_random_uuid(), 'tenant-b', 'c', 'c@example.com', 'USD', 1, 'pending', 1, now(), now())`,
      ),
    ).rejects.toThrow(/new row violates row-level security policy for table "orders"/);
    await client.query('ROLLBACK');

    await client.query('BEGIN');
    await client.query(AS_TENANT, ['tenant-a']);
    await expect(client.query("update orders set tenant_id = 'tenant-b'")).rejects.toThrow(/permission denied/);
    await client.query('ROLLBACK');
  });

  it("binds the repository's statements to orders_service and their tenant, even when the login calls them", async () => {
    const { rows: ids } = await client.query<{ id: string }>("select id from orders where tenant_id = 'tenant-b'");
    const { rows: found } = await client.query('select id from orders_find($1, $2)', ['tenant-a', ids[0]!.id]);
    expect(found).toEqual([]);
    const { rows: listed } = await client.query<{ tenant_id: string }>(
      'select tenant_id from orders_list($1, null, null, null, null, 10)',
      ['tenant-a'],
    );
    expect(listed).toEqual([{ tenant_id: 'tenant-a' }]);

    const { id, customerId, customerEmail, currency, total, version } = anOrder('tenant-b');
    // Tenant B's row, sent with tenant A as the statement's tenant.
    const order = {
      id,
      tenant_id: 'tenant-b',
      customer_id: customerId,
      customer_email: customerEmail,
      currency,
      total,
      status: 'pending',
      version,
      created_at: AT,
      updated_at: AT,
    };
    await expect(
      client.query("select orders_place('tenant-a', $1, '[]', '[]', '{}')", [JSON.stringify(order)]),
    ).rejects.toThrow(/new row violates row-level security policy for table "orders"/);
  });

  it('ends the role and tenant a repository statement set with that statement, on the same connection', async () => {
    await client.query('SET ROLE orders_service');
    await client.query('select * from orders_list($1, null, null, null, null, 10)', ['tenant-a']);
    const { rows } = await client.query<{ role: string; tenant: string | null }>(
      "select current_user as role, current_setting('app.tenant_id', true) as tenant",
    );
    expect(rows).toEqual([{ role: 'orders_service', tenant: '' }]);
    expect((await client.query('select tenant_id from orders')).rows).toEqual([]);
  });

  it("lets orders_relay see every tenant's pending deliveries and their events, but not orders or lines", async () => {
    await client.query('SET ROLE orders_relay');
    const deliveries = await client.query<{ count: string }>(
      "select count(*) from event_deliveries where status = 'pending'",
    );
    expect(deliveries.rows).toEqual([{ count: '2' }]);
    const events = await client.query<{ tenant: string }>(
      "select payload->>'tenantId' as tenant from order_events order by 1",
    );
    expect(events.rows.map((row) => row.tenant)).toEqual(['tenant-a', 'tenant-b']);

    for (const forbidden of [
      'select id from orders',
      'select customer_email from orders',
      'select sku from order_lines',
      'select response from idempotency_keys',
      'select message_id from processed_messages',
      'select tenant_id from event_deliveries',
      'select last_error from event_deliveries',
      'insert into order_events (event_id) values (gen_random_uuid())',
    ])
      await expect(client.query(forbidden), forbidden).rejects.toThrow(/permission denied/);
  });

  it('keeps from orders_relay the payload of an event that no delivery still owes', async () => {
    const outbox = new PostgresOrderOutbox(database.database.knex);
    const delivered: PendingDelivery[] = [];
    await outbox.claimDue('email', 10, new Date(), async (due) => {
      delivered.push(...due);
      return due.map((pending) => ({ eventId: pending.event.eventId, status: 'delivered' as const }));
    });
    expect(delivered.map((pending) => pending.event.order.tenantId).sort()).toEqual(['tenant-a', 'tenant-b']);

    await client.query('SET ROLE orders_relay');
    expect((await client.query('select payload from order_events')).rows).toEqual([]);
    await client.query('RESET ROLE');
    expect((await client.query('select payload from order_events')).rows).toHaveLength(2);
  });

  it('gives neither role BYPASSRLS, superuser, a login or a table; every table forces its policies', async () => {
    const roles = await client.query(
      "select rolname, rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname like 'orders\\_%' order by 1",
    );
    expect(roles.rows).toEqual([
      { rolname: 'orders_relay', rolsuper: false, rolbypassrls: false, rolcanlogin: false },
      { rolname: 'orders_service', rolsuper: false, rolbypassrls: false, rolcanlogin: false },
    ]);
    const tables = await client.query<{ tablename: string; tableowner: string; rowsecurity: boolean; forced: boolean }>(
      `select t.tablename, t.tableowner, t.rowsecurity, c.relforcerowsecurity as forced
       from pg_tables t join pg_class c on c.relname = t.tablename and c.relnamespace = 'public'::regnamespace
       where t.schemaname = 'public' and t.tablename = any($1) order by 1`,
      [TABLES],
    );
    expect(tables.rows).toHaveLength(TABLES.length);
    for (const table of tables.rows) {
      expect(table).toMatchObject({ rowsecurity: true, forced: true });
      expect(['orders_service', 'orders_relay']).not.toContain(table.tableowner);
    }
  });
});
