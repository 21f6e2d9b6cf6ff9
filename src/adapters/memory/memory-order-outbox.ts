import { copyEvent } from './copy-order.js';
import type { OutboxQueues, QueuedDelivery } from './outbox-queues.js';
import type { DeliveryRecord, OrderOutbox, OutboxBacklog, PendingDelivery } from '../../ports/outbound/order-outbox.js';
import type { OutboxEvent } from '../../ports/outbound/outbox-event.js';

type Decide = (due: readonly PendingDelivery[]) => Promise<readonly DeliveryRecord[]>;

/**
 * The outbox in process memory, over the queues MemoryOrderRepository fills in the same step as each save.
 * It lives as long as the process: the embedded default trades durability for zero setup.
 */
export class MemoryOrderOutbox implements OrderOutbox {
  /** Per notifier: the claim in progress, so claims never overlap. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly pending: Map<string, QueuedDelivery[]>;
  private readonly dead: Map<string, QueuedDelivery[]>;

  constructor(queues: OutboxQueues) {
    this.pending = queues.pending;
    this.dead = queues.dead;
  }

  async claimDue(notifier: string, limit: number, now: Date, decide: Decide): Promise<number> {
    const previous = this.inFlight.get(notifier) ?? Promise.resolve();
    const run = previous.then(() => this.claimNow(notifier, limit, now.getTime(), decide));
    this.inFlight.set(
      notifier,
      run.catch(() => undefined),
    );
    return run;
  }

  private async claimNow(notifier: string, limit: number, now: number, decide: Decide): Promise<number> {
    const queue = this.pending.get(notifier) ?? [];
    const seenOrders = new Set<string>();
    const claimed: QueuedDelivery[] = [];
    for (const delivery of queue) {
      if (claimed.length >= limit) break;
      const orderId = delivery.event.order.id;
      // Only an order's oldest pending event may go; its later ones wait behind it.
      if (seenOrders.has(orderId)) continue;
      seenOrders.add(orderId);
      if (delivery.nextAttemptAt <= now) claimed.push(delivery);
    }
    if (claimed.length === 0) return 0;

    const records = await decide(claimed.map(pendingOf));
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
        // Due at once: before any instant a claim compares with, as a fresh delivery is.
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

/** What a claim hands out: a copy of the event, with the trace context it was saved in, if any. */
function pendingOf(delivery: QueuedDelivery): PendingDelivery {
  const event: OutboxEvent = copyEvent(delivery.event);
  const { traceParent } = delivery;
  return { event: traceParent === undefined ? event : { ...event, traceParent }, attempts: delivery.attempts };
}
