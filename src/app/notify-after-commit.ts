import type { Logger } from 'pino';
import type { OrderEvent } from '../domain/order-events.js';
import type { OrderEventPublisher } from '../ports/outbound/order-event-publisher.js';
import type { OrderNotifier } from '../ports/outbound/order-notifier.js';

type Listener = (events: readonly OrderEvent[]) => Promise<void>;

/**
 * Hands each committed event to every notifier and listener, once, right after the commit.
 * A failure is logged and goes no further: the change already stands.
 */
export class NotifyAfterCommit implements OrderEventPublisher {
  private readonly listeners: Listener[] = [];

  constructor(
    private readonly notifiers: readonly OrderNotifier[],
    private readonly logger: Pick<Logger, 'error'>,
  ) {}

  /** Adds an in-process listener, such as the GraphQL subscription feed. */
  onCommitted(listener: Listener): void {
    this.listeners.push(listener);
  }

  async publish(events: readonly OrderEvent[]): Promise<void> {
    const deliveries = [
      ...events.flatMap((event) =>
        this.notifiers.map((notifier) => ({ to: notifier.name, event, run: () => notifier.notify(event) })),
      ),
      ...this.listeners.map((listener) => ({ to: 'listener', event: events[0], run: () => listener(events) })),
    ];
    await Promise.all(
      deliveries.map(async ({ to, event, run }) => {
        try {
          await run();
        } catch (error) {
          this.logger.error({ err: error, notifier: to, eventId: event?.eventId }, 'event delivery failed');
        }
      }),
    );
  }
}
