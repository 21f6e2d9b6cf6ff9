import type { Actor } from '../../model/actor.js';
import type { ForbiddenError } from '../../model/errors/forbidden-error.js';
import { OrderNotFoundError } from '../../model/errors/order-not-found-error.js';
import type { InvalidTransitionError } from '../../model/errors/invalid-transition-error.js';
import { VersionMismatchError } from '../../model/errors/version-mismatch-error.js';
import { Order } from '../../model/order.js';
import { canSee, mayAsk } from '../../model/order-access.js';
import type { OrderAction } from '../../model/order-lifecycle.js';
import type { OrderSnapshot } from '../../model/order-snapshot.js';
import { fail, ok, type Result } from '../../model/result.js';
import type { Clock } from '../../../ports/outbound/clock.js';
import type { IdGenerator } from '../../../ports/outbound/id-generator.js';
import type { CommittedEvents } from '../../../ports/outbound/committed-events.js';
import type { OrderRepository } from '../../../ports/outbound/order-repository.js';
import type { ProcessedMessages } from '../../../ports/outbound/processed-messages.js';
import { commitChange } from '../commit-change.js';
import type { OrderChangeCommand } from './parse-order-change.js';

/** What every change of an order uses. */
export interface OrderChangeDependencies {
  readonly orders: OrderRepository;
  readonly committedEvents: CommittedEvents;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly processedMessages: ProcessedMessages;
}

/** One action applied to a loaded order: the changed order, or why the order refuses it. */
export type ApplyChange = (order: Order, now: Date) => Result<Order, InvalidTransitionError>;

export type OrderChangeError = ForbiddenError | OrderNotFoundError | InvalidTransitionError | VersionMismatchError;

/**
 * Checks the actor may ask for the action, loads the order in the actor's tenant, applies the change and saves it
 * with its events, then announces them. A save that lost a race is re-evaluated against the current state, unless
 * the caller pinned a version. A command from a message already applied answers the order as it is, changing nothing:
 * checked before the version, since a redelivered message names the version it was applied at.
 */
export async function changeOrder(
  { orders, committedEvents, clock, ids, processedMessages }: OrderChangeDependencies,
  actor: Actor,
  { orderId, expectedVersion, messageId }: OrderChangeCommand,
  action: OrderAction,
  apply: ApplyChange,
): Promise<Result<OrderSnapshot, OrderChangeError>> {
  const allowed = mayAsk(actor, action);
  if (!allowed.ok) return allowed;
  // Each lost race means another change was accepted, and an order accepts at most four, so this ends.
  for (;;) {
    const stored = await orders.findById(actor.tenant, orderId);
    if (!stored || !canSee(actor, stored)) return fail(new OrderNotFoundError(orderId));
    if (messageId !== undefined && (await processedMessages.wasApplied(actor.tenant, messageId))) return ok(stored);
    if (expectedVersion !== undefined && expectedVersion !== stored.version) {
      return fail(new VersionMismatchError(orderId, expectedVersion, stored.version));
    }
    const changed = apply(Order.restore(stored), clock.now());
    if (!changed.ok) return changed;
    const { outcome, events } = await commitChange(orders, ids, changed.value, stored.version, messageId);
    if (outcome === 'saved') {
      await committedEvents.announce(events);
      return ok(changed.value.toSnapshot());
    }
  }
}
