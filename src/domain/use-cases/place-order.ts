import { IdempotencyKeyInUseError, IdempotencyKeyReusedError, ValidationError } from '../errors.js';
import { fingerprintOf, IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_RETENTION_MS, isIdempotencyKey } from '../idempotency.js';
import { Order } from '../order.js';
import { fail, ok, type Result } from '../result.js';
import type {
  PlacedOrder,
  PlaceOrderCommand,
  PlaceOrderError,
  PlaceOrderOptions,
  PlaceOrderUseCase,
} from '../../ports/inbound/place-order-use-case.js';
import type { Clock } from '../../ports/outbound/clock.js';
import type { IdempotencyStore } from '../../ports/outbound/idempotency-store.js';
import type { IdGenerator } from '../../ports/outbound/id-generator.js';
import type { CommittedEvents } from '../../ports/outbound/committed-events.js';
import type { OrderRepository } from '../../ports/outbound/order-repository.js';
import { commitChange } from './commit-change.js';

export class PlaceOrder implements PlaceOrderUseCase {
  constructor(
    private readonly orders: OrderRepository,
    private readonly committedEvents: CommittedEvents,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly idempotency?: IdempotencyStore,
  ) {}

  async execute(
    command: PlaceOrderCommand,
    options: PlaceOrderOptions = {},
  ): Promise<Result<PlacedOrder, PlaceOrderError>> {
    const key = options.idempotencyKey;
    if (key === undefined || !this.idempotency) return this.place(command, this.ids.next());
    if (!isIdempotencyKey(key)) {
      return fail(
        new ValidationError([{ path: '/idempotencyKey', message: 'must be 1..255 printable ASCII characters' }]),
      );
    }

    const at = this.clock.now();
    const claim = await this.idempotency.claim({
      key,
      fingerprint: fingerprintOf(command),
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
    const placed = await this.place(command, claim.orderId);
    if (!placed.ok) {
      await this.idempotency.release(key);
      return placed;
    }
    await this.idempotency.complete(key, placed.value.order);
    return placed;
  }

  private async place(command: PlaceOrderCommand, orderId: string): Promise<Result<PlacedOrder, ValidationError>> {
    const placed = Order.place(command, orderId, this.clock.now());
    if (!placed.ok) return placed;
    const { outcome, events } = await commitChange(this.orders, this.ids, placed.value, 0);
    if (outcome === 'stale') {
      // Only a taken-over idempotency claim reuses an id: the first attempt did commit.
      const existing = await this.orders.findById(orderId);
      if (existing) return ok({ order: existing, replayed: true });
      throw new Error(`Order id ${orderId} was already taken`);
    }
    await this.committedEvents.announce(events);
    return ok({ order: placed.value.toSnapshot(), replayed: false });
  }
}
