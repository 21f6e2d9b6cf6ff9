import type { Actor } from '../../model/actor.js';
import { IdempotencyKeyInUseError } from '../../model/errors/idempotency-key-in-use-error.js';
import { IdempotencyKeyReusedError } from '../../model/errors/idempotency-key-reused-error.js';
import { Order, type NewOrder } from '../../model/order.js';
import { customerOrderedBy } from '../../model/order-access.js';
import { fail, ok, type Result } from '../../model/result.js';
import type { IdempotencyKey } from '../../model/values/idempotency-key.js';
import type { OrderId } from '../../model/values/order-id.js';
import type {
  PlacedOrder,
  PlaceOrderCommand,
  PlaceOrderError,
  PlaceOrderUseCase,
} from '../../../ports/inbound/place-order-use-case.js';
import type { Clock } from '../../../ports/outbound/clock.js';
import type { IdempotencyScope, IdempotencyStore } from '../../../ports/outbound/idempotency-store.js';
import type { IdGenerator } from '../../../ports/outbound/id-generator.js';
import type { CommittedEvents } from '../../../ports/outbound/committed-events.js';
import type { OrderRepository } from '../../../ports/outbound/order-repository.js';
import { commitChange } from '../commit-change.js';
import { fingerprintOf, IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_RETENTION_MS } from './idempotency-policy.js';

export class PlaceOrder implements PlaceOrderUseCase {
  constructor(
    private readonly orders: OrderRepository,
    private readonly committedEvents: CommittedEvents,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly idempotency: IdempotencyStore,
  ) {}

  async execute(actor: Actor, command: PlaceOrderCommand): Promise<Result<PlacedOrder, PlaceOrderError>> {
    const customerId = customerOrderedBy(actor, command.customerId);
    if (!customerId.ok) return customerId;
    const { idempotencyKey: key, ...asked } = command;
    const order = { ...asked, customerId: customerId.value, tenantId: actor.tenant };
    if (key === undefined) return ok(await this.place(order, this.ids.next()));

    const scope = { tenantId: actor.tenant, subject: actor.subject };
    const at = this.clock.now();
    const orderId = this.ids.next();
    // A claim whose COMMIT was lost may have been taken after all: it is released as one that failed later would be.
    const claim = await this.releasingOnFailure(scope, key, orderId, () =>
      this.idempotency.claim({
        scope,
        key,
        fingerprint: fingerprintOf(order),
        orderId,
        at,
        expiredBefore: new Date(at.getTime() - IDEMPOTENCY_RETENTION_MS),
        abandonedBefore: new Date(at.getTime() - IDEMPOTENCY_LEASE_MS),
      }),
    );
    switch (claim.state) {
      case 'completed':
        return ok({ order: claim.order, replayed: true });
      case 'in-flight':
        return fail(new IdempotencyKeyInUseError(key));
      case 'mismatch':
        return fail(new IdempotencyKeyReusedError(key));
      case 'claimed':
        break;
    }
    // A retry takes a failed claim over with the same order id, and so finds the order if it was committed after
    // all (a COMMIT whose answer was lost), instead of placing a second one.
    return this.releasingOnFailure(scope, key, claim.orderId, async () => {
      const placed = await this.place(order, claim.orderId);
      await this.idempotency.complete(scope, key, placed.order);
      return ok(placed);
    });
  }

  /**
   * Runs a step of the request holding the claim for `orderId`; if it fails, the request is over, and its claim is
   * released for a retry to take over at once. When the store is out of reach for that too, the lease frees it.
   */
  private async releasingOnFailure<T>(
    scope: IdempotencyScope,
    key: IdempotencyKey,
    orderId: string,
    step: () => Promise<T>,
  ): Promise<T> {
    try {
      return await step();
    } catch (error) {
      await this.idempotency.release(scope, key, orderId).catch(() => undefined);
      throw error;
    }
  }

  private async place(asked: Omit<NewOrder, 'id'>, newId: string): Promise<PlacedOrder> {
    // The id generator hands out UUIDs, and a claim keeps the id it was given.
    const orderId = newId as OrderId;
    const order = Order.place({ ...asked, id: orderId }, this.clock.now());
    const { outcome, events } = await commitChange(this.orders, this.ids, order, 0);
    if (outcome === 'stale') {
      // Only a taken-over idempotency claim reuses an id: the first attempt did commit.
      const existing = await this.orders.findById(asked.tenantId, orderId);
      if (existing) return { order: existing, replayed: true };
      throw new Error(`Order id ${orderId} was already taken`);
    }
    await this.committedEvents.announce(events);
    return { order: order.toSnapshot(), replayed: false };
  }
}
