import type { Logger } from 'pino';
import type { OrderEvent } from '../../domain/model/order-events.js';
import type { OrderUpdates, OrderUpdatesListener } from '../../ports/inbound/order-updates.js';
import type { CommittedEvents } from '../../ports/outbound/committed-events.js';

/**
 * Tells every listener about each committed change, in the order they were added, so delivery starts at once
 * without the API call waiting for it. A listener's failure is logged and goes no further: the change stands.
 */
export class CommittedEventsBroadcast implements CommittedEvents, OrderUpdates {
  private readonly listeners: OrderUpdatesListener[] = [];

  constructor(private readonly logger: Pick<Logger, 'warn'>) {}

  listen(listener: OrderUpdatesListener): void {
    this.listeners.push(listener);
  }

  async announce(events: readonly OrderEvent[]): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(events);
      } catch (error) {
        this.logger.warn({ err: error }, 'a committed-events listener failed');
      }
    }
  }
}
