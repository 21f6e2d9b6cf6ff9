import type { IdempotencyKeyInUseError, IdempotencyKeyReusedError, ValidationError } from '../../domain/errors.js';
import type { NewOrder, OrderSnapshot } from '../../domain/order.js';
import type { Result } from '../../domain/result.js';

export type PlaceOrderCommand = NewOrder;

export interface PlaceOrderOptions {
  /** 1..255 printable ASCII; a repeat with the same key and body replays the first result (SPEC §7). */
  readonly idempotencyKey?: string;
}

export interface PlacedOrder {
  readonly order: OrderSnapshot;
  /** True when this is the remembered result of an earlier request with the same Idempotency-Key. */
  readonly replayed: boolean;
}

export type PlaceOrderError = ValidationError | IdempotencyKeyInUseError | IdempotencyKeyReusedError;

export interface PlaceOrderUseCase {
  /** Places an order; refuses it, storing nothing, when any rule of SPEC §3 or §7 is broken. */
  execute(command: PlaceOrderCommand, options?: PlaceOrderOptions): Promise<Result<PlacedOrder, PlaceOrderError>>;
}
