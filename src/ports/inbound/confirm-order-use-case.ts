import type { Actor } from '../../domain/model/actor.js';
import type { ForbiddenError } from '../../domain/model/errors/forbidden-error.js';
import type { InvalidTransitionError } from '../../domain/model/errors/invalid-transition-error.js';
import type { OrderNotFoundError } from '../../domain/model/errors/order-not-found-error.js';
import type { VersionMismatchError } from '../../domain/model/errors/version-mismatch-error.js';
import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { Result } from '../../domain/model/result.js';
import type { MessageId } from '../../domain/model/values/message-id.js';
import type { OrderId } from '../../domain/model/values/order-id.js';

export interface ConfirmOrderCommand {
  readonly orderId: OrderId;
  /** When given, the change is refused unless the order is still at this version. */
  readonly expectedVersion?: number;
  /** When given, the change is made once: a message already applied changes nothing and answers the order. */
  readonly messageId?: MessageId;
}

export type ConfirmOrderError = ForbiddenError | OrderNotFoundError | InvalidTransitionError | VersionMismatchError;

export interface ConfirmOrderUseCase {
  /** Confirms a pending order; a refused change stores nothing. */
  execute(actor: Actor, command: ConfirmOrderCommand): Promise<Result<OrderSnapshot, ConfirmOrderError>>;
}
