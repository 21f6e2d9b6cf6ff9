import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { IdempotencyKey } from '../../domain/model/values/idempotency-key.js';
import type {
  IdempotencyClaim,
  IdempotencyRequest,
  IdempotencyScope,
  IdempotencyStore,
} from '../../ports/outbound/idempotency-store.js';
import { asRelay, inTenant } from './postgres-roles.js';

interface KeyRow {
  fingerprint: string;
  order_id: string;
  response: (Omit<OrderSnapshot, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string }) | null;
  created_at: Date;
  claimed_at: Date;
}

/** A released claim counts as claimed long before any lease began. */
const RELEASED = new Date(0);

/**
 * Idempotency keys in PostgreSQL, one row per (tenant, subject, key): a claim is an insert, or a row lock on the
 * existing key, in one transaction bound to the tenant. The purge crosses tenants as the relay's role.
 */
export class PostgresIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: Knex) {}

  claim(request: IdempotencyRequest): Promise<IdempotencyClaim> {
    const fingerprint = createHash('sha256').update(request.fingerprint).digest('hex');
    const where = whereKey(request.scope, request.key);
    return inTenant(this.db, request.scope.tenantId, async (trx): Promise<IdempotencyClaim> => {
      const fresh = {
        ...where,
        fingerprint,
        order_id: request.orderId,
        response: null,
        created_at: request.at,
        claimed_at: request.at,
      };
      const inserted = await trx('idempotency_keys')
        .insert(fresh)
        .onConflict(['tenant_id', 'subject', 'key'])
        .ignore()
        .returning('key');
      if (inserted.length > 0) return { state: 'claimed', orderId: request.orderId };

      const row = await trx('idempotency_keys').where(where).forUpdate().first<KeyRow | undefined>();
      if (!row || row.created_at < request.expiredBefore) {
        await trx('idempotency_keys').where(where).update(fresh);
        return { state: 'claimed', orderId: request.orderId };
      }
      if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
      if (row.response) {
        const { createdAt, updatedAt, ...order } = row.response;
        return {
          state: 'completed',
          order: { ...order, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) },
        };
      }
      if (row.claimed_at < request.abandonedBefore) {
        await trx('idempotency_keys').where(where).update({ claimed_at: request.at });
        return { state: 'claimed', orderId: row.order_id };
      }
      return { state: 'in-flight' };
    });
  }

  complete(scope: IdempotencyScope, key: IdempotencyKey, order: OrderSnapshot): Promise<void> {
    return inTenant(this.db, scope.tenantId, async (trx) => {
      await trx('idempotency_keys')
        .where(whereKey(scope, key))
        .update({ response: JSON.stringify(order) });
    });
  }

  release(scope: IdempotencyScope, key: IdempotencyKey, orderId: string): Promise<void> {
    return inTenant(this.db, scope.tenantId, async (trx) => {
      await trx('idempotency_keys')
        .where({ ...whereKey(scope, key), order_id: orderId })
        .whereNull('response')
        .update({ claimed_at: RELEASED });
    });
  }

  purgeExpired(before: Date): Promise<number> {
    return asRelay(this.db, (trx) => trx('idempotency_keys').where('created_at', '<', before).delete());
  }
}

function whereKey(scope: IdempotencyScope, key: IdempotencyKey) {
  return { tenant_id: scope.tenantId, subject: scope.subject, key };
}
