import type { ForgetExpiredIdempotencyKeysUseCase } from '../../../ports/inbound/forget-expired-idempotency-keys-use-case.js';
import type { Clock } from '../../../ports/outbound/clock.js';
import type { IdempotencyStore } from '../../../ports/outbound/idempotency-store.js';
import { IDEMPOTENCY_RETENTION_MS } from '../place-order/idempotency-policy.js';

/** Keys past their retention already count as unused (PlaceOrder); forgetting them only keeps the store small. */
export class ForgetExpiredIdempotencyKeys implements ForgetExpiredIdempotencyKeysUseCase {
  constructor(
    private readonly idempotency: IdempotencyStore,
    private readonly clock: Clock,
  ) {}

  execute(): Promise<number> {
    return this.idempotency.purgeExpired(new Date(this.clock.now().getTime() - IDEMPOTENCY_RETENTION_MS));
  }
}
