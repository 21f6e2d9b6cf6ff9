import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Link } from '@opentelemetry/api';
import type { DeliverOrderEventsUseCase } from '../ports/inbound/deliver-order-events-use-case.js';
import type { DeliveryOutcome, OrderNotifier } from '../ports/outbound/order-notifier.js';
import type { OutboxEvent } from '../ports/outbound/outbox-event.js';

const tracer = trace.getTracer('hexagonal-orders');

/**
 * A delivery run outside whatever context woke it. A commit wakes the relay from inside the request that made it;
 * left there, the relay's claims and sends would show up in that request's trace, though a batch serves many.
 */
export function detachedDelivery(delivery: DeliverOrderEventsUseCase): DeliverOrderEventsUseCase {
  return { notifier: delivery.notifier, deliverDue: () => context.with(ROOT_CONTEXT, () => delivery.deliverDue()) };
}

/** A link to the trace context an event was saved in, if it carries one. */
function linkTo(event: OutboxEvent): Link[] {
  if (event.traceParent === undefined) return [];
  const spanContext = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, { traceparent: event.traceParent }));
  return spanContext === undefined ? [] : [{ context: spanContext, attributes: { 'orders.event_id': event.eventId } }];
}

/**
 * A notifier whose every batch is a span of its own (SPEC §10): a trace of its own, since one batch serves many
 * requests, with a link to the trace of the request behind each event. A batch not wholly delivered fails the span.
 */
export class TracedNotifier implements OrderNotifier {
  readonly name: string;

  constructor(private readonly inner: OrderNotifier) {
    this.name = inner.name;
  }

  deliver(events: readonly OutboxEvent[]): Promise<readonly DeliveryOutcome[]> {
    const options = {
      root: true,
      kind: SpanKind.PRODUCER,
      links: events.flatMap(linkTo),
      attributes: { 'orders.notifier': this.name, 'messaging.batch.message_count': events.length },
    };
    return tracer.startActiveSpan(`deliver ${this.name}`, options, async (span) => {
      try {
        const outcomes = await this.inner.deliver(events);
        const failed = outcomes.find((outcome) => !outcome.delivered);
        if (failed !== undefined && !failed.delivered)
          span.setStatus({ code: SpanStatusCode.ERROR, message: failed.reason });
        return outcomes;
      } finally {
        span.end();
      }
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
