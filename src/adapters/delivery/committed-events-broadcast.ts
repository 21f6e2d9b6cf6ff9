import type { Logger } from 'pino';
import type { OrderEvent } from '../../domain/model/order-events.js';
import type { CommittedEvents } from '../../ports/outbound/committed-events.js';

/** Something in this process that reacts to committed events: a delivery loop's wake, a subscription feed, a count. */
type CommittedEventsListener = (events: readonly OrderEvent[]) => void | Promise<void>;

/**
 * Tells every listener about each committed change, in the order they were added, so delivery starts at once
 * without the API call waiting for it. A listener's failure is logged and goes no further: the change stands.
 */
export class CommittedEventsBroadcast implements CommittedEvents {
  private readonly listeners: CommittedEventsListener[] = [];

  constructor(private readonly logger: Pick<Logger, 'warn'>) {}

  listen(listener: CommittedEventsListener): void {
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
