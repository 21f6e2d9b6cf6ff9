import type { Logger } from 'pino';
import type { OrderEvent } from '../domain/model/order-events.js';
import type { OrderEventPublisher } from '../ports/outbound/order-event-publisher.js';
import type { RelayLoop } from './relay-loop.js';

type Listener = (events: readonly OrderEvent[]) => Promise<void>;

/**
 * After a commit the events are already in the outbox; publishing only wakes each relay, so delivery starts
 * at once without the API call waiting for it, and feeds in-process listeners such as GraphQL subscriptions.
 */
export class WakeRelaysAfterCommit implements OrderEventPublisher {
  private readonly relays: RelayLoop[] = [];
  private readonly listeners: Listener[] = [];

  constructor(private readonly logger: Pick<Logger, 'warn'>) {}

  addRelay(relay: RelayLoop): void {
    this.relays.push(relay);
  }

  onCommitted(listener: Listener): void {
    this.listeners.push(listener);
  }

  async publish(events: readonly OrderEvent[]): Promise<void> {
    for (const relay of this.relays) relay.wake();
    for (const listener of this.listeners) {
      try {
        await listener(events);
      } catch (error) {
        this.logger.warn({ err: error }, 'an event listener failed');
      }
    }
  }
}
