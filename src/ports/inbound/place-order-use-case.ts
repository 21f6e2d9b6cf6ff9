import type { Actor } from '../../domain/model/actor.js';
import type { ForbiddenError } from '../../domain/model/errors/forbidden-error.js';
import type { ValidationError } from '../../domain/model/errors/validation-error.js';
import type { IdempotencyKeyInUseError } from '../../domain/model/errors/idempotency-key-in-use-error.js';
import type { IdempotencyKeyReusedError } from '../../domain/model/errors/idempotency-key-reused-error.js';
import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { Result } from '../../domain/model/result.js';
import type { Currency } from '../../domain/model/values/currency.js';
import type { CustomerId } from '../../domain/model/values/customer-id.js';
import type { EmailAddress } from '../../domain/model/values/email-address.js';
import type { IdempotencyKey } from '../../domain/model/values/idempotency-key.js';
import type { OrderLines } from '../../domain/model/values/order-lines.js';

export interface PlaceOrderCommand {
  /** Whom the order is for; a customer may leave it out (it is then the actor's subject), staff may not. */
  readonly customerId?: CustomerId;
  readonly customerEmail: EmailAddress;
  readonly items: OrderLines;
  readonly currency: Currency;
  /** A repeat by the same actor with the same key and the same order replays the first result (SPEC §7). */
  readonly idempotencyKey?: IdempotencyKey;
}

export interface PlacedOrder {
  readonly order: OrderSnapshot;
  /** True when this is the remembered result of an earlier request with the same Idempotency-Key. */
  readonly replayed: boolean;
}

export type PlaceOrderError = ValidationError | ForbiddenError | IdempotencyKeyInUseError | IdempotencyKeyReusedError;

export interface PlaceOrderUseCase {
  /** Places the order in the actor's tenant, or replays the one placed under the same idempotency key. */
  execute(actor: Actor, command: PlaceOrderCommand): Promise<Result<PlacedOrder, PlaceOrderError>>;
}
