import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../../src/adapters/postgres/migration-source.js';
import { PostgresOrderOutbox } from '../../src/adapters/postgres/postgres-order-outbox.js';
import { PostgresOrderRepository } from '../../src/adapters/postgres/postgres-order-repository.js';
import type { PendingDelivery } from '../../src/ports/outbound/order-outbox.js';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { orderIdOf, tenantIdOf } from '../support/values.js';

/** A database in use before tenants existed (migrations 001-004) keeps its orders, in the tenant `default`. */

const AT = new Date('2026-01-01T00:00:00.000Z');

/** An order and its OrderPlaced event's payload as the service stored them before tenants. */
const OLD_PAYLOAD = {
  id: '00000000-0000-4000-8000-0000000000aa',
  customerId: 'c-old',
  customerEmail: 'old@example.com',
  items: [{ sku: 'OLD-1', quantity: 1, unitPrice: 700 }],
  currency: 'EUR',
  total: 700,
  status: 'pending',
  cancellationReason: null,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
} as const;

describe.skipIf(!postgresAvailable)('a database from before tenants', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await TestDatabase.create({ migrated: false });
  });

  afterAll(async () => {
    await database.drop();
  });

  it("moves the orders placed before migration 005 to the tenant 'default', with their events", async () => {
    for (let step = 0; step < 4; step++) await database.owner.migrate.up({ migrationSource });
    const [id, eventId, at] = ['00000000-0000-4000-8000-0000000000aa', '10000000-0000-4000-8000-0000000000aa', AT];
    await database.owner.raw(
      `insert into orders (id, customer_id, customer_email, currency, total, status, version, created_at, updated_at)
         values ('${id}', 'c-old', 'old@example.com', 'EUR', 700, 'pending', 1, '${at.toISOString()}', '${at.toISOString()}');
       insert into order_lines (order_id, line_no, sku, quantity, unit_price) values ('${id}', 0, 'OLD-1', 1, 700);
       insert into order_events (event_id, order_id, order_version, type, occurred_at, payload)
         values ('${eventId}', '${id}', 1, 'OrderPlaced', '${at.toISOString()}', '${JSON.stringify(OLD_PAYLOAD)}');
       insert into event_deliveries (event_id, notifier, order_id, order_version, next_attempt_at)
         values ('${eventId}', 'email', '${id}', 1, '${at.toISOString()}');
       insert into idempotency_keys (key, fingerprint, order_id, created_at, claimed_at)
         values ('k-old', '${'0'.repeat(64)}', '${id}', now(), now());`,
    );

    expect(await database.database.migrate()).toEqual([
      '005-tenants-and-row-level-security',
      '006-one-statement-per-repository-call',
      '007-committed-events-by-tenant',
      '008-trace-context-of-events',
      '009-processed-messages',
    ]);

    const order = { ...OLD_PAYLOAD, tenantId: 'default', createdAt: AT, updatedAt: AT };
    const repository = new PostgresOrderRepository(database.database.knex, []);
    expect(await repository.findById(tenantIdOf('default'), orderIdOf(id))).toEqual(order);
    expect(await repository.findById(tenantIdOf('tenant-a'), orderIdOf(id))).toBeNull();

    const owed: PendingDelivery[] = [];
    await new PostgresOrderOutbox(database.database.knex).claimDue('email', 10, new Date(), async (due) => {
      owed.push(...due);
      return [];
    });
    expect(owed).toEqual([{ attempts: 0, event: { eventId, type: 'OrderPlaced', occurredAt: AT, order } }]);

    // A key scoped to no caller cannot be given a subject: it is gone.
    expect(await database.owner('idempotency_keys').count<{ count: string }[]>('* as count')).toEqual([{ count: '0' }]);
  });
});
