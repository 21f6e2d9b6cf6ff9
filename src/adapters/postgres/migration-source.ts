import type { Knex } from 'knex';
import * as createOrders from './migrations/001-create-orders.js';
import * as createEventDeliveries from './migrations/002-create-event-deliveries.js';
import * as createIdempotencyKeys from './migrations/003-create-idempotency-keys.js';
import * as orderOfDeliveries from './migrations/004-order-of-deliveries.js';
import * as tenantsAndRowLevelSecurity from './migrations/005-tenants-and-row-level-security.js';
import * as oneStatementPerRepositoryCall from './migrations/006-one-statement-per-repository-call.js';
import * as committedEventsByTenant from './migrations/007-committed-events-by-tenant.js';
import * as traceContextOfEvents from './migrations/008-trace-context-of-events.js';
import * as processedMessages from './migrations/009-processed-messages.js';

interface Migration {
  readonly name: string;
  readonly up: (knex: Knex) => Promise<void>;
  readonly down: (knex: Knex) => Promise<void>;
}

// Listed in code, named without a file extension: the same history whether run from src (tsx) or dist (node).
const MIGRATIONS: readonly Migration[] = [
  { name: '001-create-orders', ...createOrders },
  { name: '002-create-event-deliveries', ...createEventDeliveries },
  { name: '003-create-idempotency-keys', ...createIdempotencyKeys },
  { name: '004-order-of-deliveries', ...orderOfDeliveries },
  { name: '005-tenants-and-row-level-security', ...tenantsAndRowLevelSecurity },
  { name: '006-one-statement-per-repository-call', ...oneStatementPerRepositoryCall },
  { name: '007-committed-events-by-tenant', ...committedEventsByTenant },
  { name: '008-trace-context-of-events', ...traceContextOfEvents },
  { name: '009-processed-messages', ...processedMessages },
];

export const migrationSource: Knex.MigrationSource<Migration> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => migration,
};
