import { portKey } from '../port-key.js';
import type { OutboxEvent } from './outbox-event.js';

/** What became of one event handed to a notifier. */
export type DeliveryOutcome =
  | { readonly eventId: string; readonly delivered: true }
  | {
      readonly eventId: string;
      readonly delivered: false;
      /** True when retrying cannot help (e.g. the mail server refused the recipient for good). */
      readonly permanent: boolean;
      readonly reason: string;
    };

/**
 * Tells someone outside the service about order events: a customer by e-mail, a Kafka topic, ...
 * It reports in one way only, an outcome per event: its library's exceptions stop at its edge.
 */
export interface OrderNotifier {
  /** A short stable name for delivery state, logs and health, e.g. `email`. */
  readonly name: string;
  /**
   * Delivers committed events (at most one per order, oldest first) and resolves with one outcome per event, in the
   * order given; an unreachable peer is a failed outcome for each event, never a rejection. A peer that can carry an
   * event's trace context (a Kafka record's headers) carries it.
   */
  deliver(events: readonly OutboxEvent[]): Promise<readonly DeliveryOutcome[]>;
  /** Finishes what is in flight and releases connections. */
  close(): Promise<void>;
}

/** Bound once per configured notifier: ask for all of them. */
export const ORDER_NOTIFIER = portKey<OrderNotifier>('OrderNotifier');
