import type { ForbiddenError } from './forbidden-error.js';
import type { IdempotencyKeyInUseError } from './idempotency-key-in-use-error.js';
import type { IdempotencyKeyReusedError } from './idempotency-key-reused-error.js';
import type { InvalidTransitionError } from './invalid-transition-error.js';
import type { OrderNotFoundError } from './order-not-found-error.js';
import type { ValidationError } from './validation-error.js';
import type { VersionMismatchError } from './version-mismatch-error.js';

/** Every refusal the core can answer; an input adapter translates each `code` once. */
export type OrderError =
  | ValidationError
  | ForbiddenError
  | OrderNotFoundError
  | InvalidTransitionError
  | VersionMismatchError
  | IdempotencyKeyInUseError
  | IdempotencyKeyReusedError;
