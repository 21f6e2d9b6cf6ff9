import type { OrderEvent } from '../../domain/model/order-events.js';

/**
 * A committed event as the outbox hands it to a notifier: the event, and where it came from. `traceParent` is the
 * W3C trace context (a `traceparent` value) that was active when the change was saved, when one was: delivery runs
 * later, in a context of its own, so the event carries the request's.
 */
export interface OutboxEvent extends OrderEvent {
  readonly traceParent?: string;
}
