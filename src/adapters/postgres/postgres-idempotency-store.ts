import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { IdempotencyKey } from '../../domain/model/values/idempotency-key.js';
import type { IdempotencyClaim, IdempotencyRequest, IdempotencyStore } from '../../ports/outbound/idempotency-store.js';
import { reachDatabase } from './postgres-database.js';

interface KeyRow {
  fingerprint: string;
  order_id: string;
  response: (Omit<OrderSnapshot, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string }) | null;
  created_at: Date;
  claimed_at: Date;
}

/** Idempotency keys in PostgreSQL: a claim is an insert, or a row lock on the existing key, in one transaction. */
export class PostgresIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: Knex) {}

  claim(request: IdempotencyRequest): Promise<IdempotencyClaim> {
    const fingerprint = createHash('sha256').update(request.fingerprint).digest('hex');
    return reachDatabase(() =>
      this.db.transaction(async (trx): Promise<IdempotencyClaim> => {
        const fresh = {
          key: request.key,
          fingerprint,
          order_id: request.orderId,
          response: null,
          created_at: request.at,
          claimed_at: request.at,
        };
        const inserted = await trx('idempotency_keys').insert(fresh).onConflict('key').ignore().returning('key');
        if (inserted.length > 0) return { state: 'claimed', orderId: request.orderId };

        const row = await trx('idempotency_keys').where('key', request.key).forUpdate().first<KeyRow | undefined>();
        if (!row || row.created_at < request.expiredBefore) {
          await trx('idempotency_keys').where('key', request.key).update(fresh);
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
          await trx('idempotency_keys').where('key', request.key).update({ claimed_at: request.at });
          return { state: 'claimed', orderId: row.order_id };
        }
        return { state: 'in-flight' };
      }),
    );
  }

  complete(key: IdempotencyKey, order: OrderSnapshot): Promise<void> {
    return reachDatabase(async () => {
      await this.db('idempotency_keys')
        .where('key', key)
        .update({ response: JSON.stringify(order) });
    });
  }

  purgeExpired(before: Date): Promise<number> {
    return reachDatabase(() => this.db('idempotency_keys').where('created_at', '<', before).delete());
  }
}
