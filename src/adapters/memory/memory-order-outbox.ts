import type { OrderEvent } from '../../domain/model/order-events.js';
import { copyEvent } from './copy-order.js';
import type { DeliveryRecord, OrderOutbox, OutboxBacklog, PendingDelivery } from '../../ports/outbound/order-outbox.js';

interface Delivery {
  /** Commit order across all events. */
  readonly sequence: number;
  readonly event: OrderEvent;
  attempts: number;
  nextAttemptAt: number;
  error: string | null;
}

/**
 * The outbox in process memory, filled by MemoryOrderRepository in the same step as each save.
 * It lives as long as the process: the embedded default trades durability for zero setup.
 */
export class MemoryOrderOutbox implements OrderOutbox {
  /** Per notifier: pending deliveries in commit order. */
  private readonly pending = new Map<string, Delivery[]>();
  private readonly dead = new Map<string, Delivery[]>();
  /** Per notifier: the relay in progress, so claims never overlap. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private sequence = 0;

  constructor(
    private readonly notifiers: readonly string[],
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records committed events as owed to every configured notifier; called by the repository's save. */
  append(events: readonly OrderEvent[]): void {
    for (const notifier of this.notifiers) {
      const queue = this.pending.get(notifier) ?? [];
      for (const event of events) {
        queue.push({ sequence: this.sequence++, event: copyEvent(event), attempts: 0, nextAttemptAt: 0, error: null });
      }
      this.pending.set(notifier, queue);
    }
  }

  async relay(
    notifier: string,
    limit: number,
    deliver: (due: readonly PendingDelivery[]) => Promise<readonly DeliveryRecord[]>,
  ): Promise<number> {
    const previous = this.inFlight.get(notifier) ?? Promise.resolve();
    const run = previous.then(() => this.relayNow(notifier, limit, deliver));
    this.inFlight.set(
      notifier,
      run.catch(() => undefined),
    );
    return run;
  }

  private async relayNow(
    notifier: string,
    limit: number,
    deliver: (due: readonly PendingDelivery[]) => Promise<readonly DeliveryRecord[]>,
  ): Promise<number> {
    const queue = this.pending.get(notifier) ?? [];
    const now = this.now().getTime();
    const seenOrders = new Set<string>();
    const claimed: Delivery[] = [];
    for (const delivery of queue) {
      if (claimed.length >= limit) break;
      const orderId = delivery.event.order.id;
      // Only an order's oldest pending event may go; its later ones wait behind it.
      if (seenOrders.has(orderId)) continue;
      seenOrders.add(orderId);
      if (delivery.nextAttemptAt <= now) claimed.push(delivery);
    }
    if (claimed.length === 0) return 0;

    const records = await deliver(
      claimed.map((delivery) => ({ event: copyEvent(delivery.event), attempts: delivery.attempts })),
    );
    const byId = new Map(records.map((record) => [record.eventId, record]));
    for (const delivery of claimed) {
      const record = byId.get(delivery.event.eventId);
      if (!record) continue;
      delivery.attempts++;
      if (record.status === 'retry') {
        delivery.nextAttemptAt = record.nextAttemptAt.getTime();
        delivery.error = record.error;
        continue;
      }
      queue.splice(queue.indexOf(delivery), 1);
      if (record.status === 'dead') {
        delivery.error = record.error;
        const parked = this.dead.get(notifier) ?? [];
        parked.push(delivery);
        this.dead.set(notifier, parked);
      }
    }
    return claimed.length;
  }

  async requeueDead(notifier?: string): Promise<number> {
    let count = 0;
    for (const [name, parked] of this.dead) {
      if (notifier !== undefined && name !== notifier) continue;
      const queue = this.pending.get(name) ?? [];
      for (const delivery of parked) {
        delivery.nextAttemptAt = 0;
        queue.push(delivery);
      }
      // Back in commit order, so a requeued event still goes before its order's later ones.
      queue.sort((a, b) => a.sequence - b.sequence);
      this.pending.set(name, queue);
      count += parked.length;
      this.dead.set(name, []);
    }
    return count;
  }

  async backlog(): Promise<readonly OutboxBacklog[]> {
    const names = new Set([...this.pending.keys(), ...this.dead.keys()]);
    return [...names]
      .map((notifier) => ({
        notifier,
        pending: this.pending.get(notifier)?.length ?? 0,
        dead: this.dead.get(notifier)?.length ?? 0,
      }))
      .filter((entry) => entry.pending > 0 || entry.dead > 0);
  }
}
