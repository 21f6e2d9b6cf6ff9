import type { Knex } from 'knex';
import { transaction } from './postgres-transaction.js';

/** The role every pooled connection starts as (migration 005): the policies show it one tenant's rows, or none. */
export const SERVICE_ROLE = 'orders_service';

// Both settings are local to the transaction: COMMIT or ROLLBACK reverts them, so a pooled connection never carries
// one request's tenant into the next. One statement, so the scoping costs a single round trip.
const AS_TENANT = `select set_config('role', '${SERVICE_ROLE}', true), set_config('app.tenant_id', ?, true)`;

const AS_RELAY = 'SET LOCAL ROLE orders_relay';

/** Runs `work` in one transaction as orders_service, bound to `tenantId`: it reaches that tenant's rows only. */
export function inTenant<T>(db: Knex, tenantId: string, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return transaction(db, async (trx) => {
    await trx.raw(AS_TENANT, [tenantId]);
    return work(trx);
  });
}

/**
 * Runs `work` in one transaction as orders_relay, which serves every tenant with the few rights delivery and
 * housekeeping need. `settings` are further SET LOCAL statements, sent in the same round trip as the switch.
 */
export function asRelay<T>(
  db: Knex,
  work: (trx: Knex.Transaction) => Promise<T>,
  settings: readonly string[] = [],
): Promise<T> {
  return transaction(db, async (trx) => {
    await trx.raw([AS_RELAY, ...settings].join('; '));
    return work(trx);
  });
}
