import type { OrderEvent } from '../../domain/order-events.js';

/** Tells someone outside the service about an order event: a customer by e-mail, a topic, ... */
export interface OrderNotifier {
  /** A short stable name for logs and health, e.g. `email`. */
  readonly name: string;
  /** Delivers one committed event; rejects when the delivery failed and may be retried. */
  notify(event: OrderEvent): Promise<void>;
  /** Sends what is still in flight and releases connections. */
  close(): Promise<void>;
}
