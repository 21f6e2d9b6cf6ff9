import type { Actor } from '../../model/actor.js';
import { IdempotencyKeyInUseError } from '../../model/errors/idempotency-key-in-use-error.js';
import { IdempotencyKeyReusedError } from '../../model/errors/idempotency-key-reused-error.js';
import { Order, type NewOrder } from '../../model/order.js';
import { customerOrderedBy } from '../../model/order-access.js';
import { fail, ok, type Result } from '../../model/result.js';
import type { OrderId } from '../../model/values/order-id.js';
import type {
  PlacedOrder,
  PlaceOrderCommand,
  PlaceOrderError,
  PlaceOrderUseCase,
} from '../../../ports/inbound/place-order-use-case.js';
import type { Clock } from '../../../ports/outbound/clock.js';
import type { IdempotencyStore } from '../../../ports/outbound/idempotency-store.js';
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
    const claim = await this.idempotency.claim({
      scope,
      key,
      fingerprint: fingerprintOf(order),
      orderId: this.ids.next(),
      at,
      expiredBefore: new Date(at.getTime() - IDEMPOTENCY_RETENTION_MS),
      abandonedBefore: new Date(at.getTime() - IDEMPOTENCY_LEASE_MS),
    });
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
    // A failure past this point keeps the claim: a retry after the lease takes it over with the same order id,
    // and so finds the order if it was committed after all, instead of placing a second one.
    const placed = await this.place(order, claim.orderId);
    await this.idempotency.complete(scope, key, placed.order);
    return ok(placed);
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
