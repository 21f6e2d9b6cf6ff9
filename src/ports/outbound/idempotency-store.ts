import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { IdempotencyKey } from '../../domain/model/values/idempotency-key.js';
import type { TenantId } from '../../domain/model/values/tenant-id.js';
import { portKey } from '../port-key.js';

/** Whose keys: keys are scoped to (tenant, subject), so two callers never share or see each other's key. */
export interface IdempotencyScope {
  readonly tenantId: TenantId;
  readonly subject: string;
}

export interface IdempotencyRequest {
  readonly scope: IdempotencyScope;
  readonly key: IdempotencyKey;
  /** Identifies the request body: the same key with another fingerprint is a different request. */
  readonly fingerprint: string;
  /** The id the order will get if this request is the one that places it. */
  readonly orderId: string;
  readonly at: Date;
  /** Keys first used before this instant are expired: treated as never used. */
  readonly expiredBefore: Date;
  /** A claim still in flight since before this instant was abandoned (its holder died) and may be taken over. */
  readonly abandonedBefore: Date;
}

/** What the store says of a key. A takeover returns `claimed` with the first claimant's orderId. */
export type IdempotencyClaim =
  | { readonly state: 'claimed'; readonly orderId: string }
  | { readonly state: 'completed'; readonly order: OrderSnapshot }
  | { readonly state: 'in-flight' }
  | { readonly state: 'mismatch' };

/** Remembers what was placed under each Idempotency-Key, so a repeated request places nothing twice. */
export interface IdempotencyStore {
  /** Claims the key in its scope for this request, atomically: of concurrent claims, exactly one succeeds. */
  claim(request: IdempotencyRequest): Promise<IdempotencyClaim>;
  /** Records the order placed under a claimed key; later claims with the same fingerprint replay it. */
  complete(scope: IdempotencyScope, key: IdempotencyKey, order: OrderSnapshot): Promise<void>;
  /**
   * Gives up the claim taken for `orderId` when its request failed before completing it, so that a retry takes it
   * over at once, without waiting for the lease, and with the same order id: it finds the order if it was committed
   * after all. A completed key, or one claimed for another order id, stays as it is.
   */
  release(scope: IdempotencyScope, key: IdempotencyKey, orderId: string): Promise<void>;
  /** Forgets keys first used before `before`, in every scope; resolves with how many. */
  purgeExpired(before: Date): Promise<number>;
}

export const IDEMPOTENCY_STORE = portKey<IdempotencyStore>('IdempotencyStore');
