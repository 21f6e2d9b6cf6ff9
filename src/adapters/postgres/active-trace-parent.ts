import { context, propagation } from '@opentelemetry/api';

/**
 * The W3C `traceparent` of the trace context active now, kept with the events a save commits so that their delivery
 * can name the request that caused them. Undefined when no trace is active, and always when tracing is off: with no
 * propagator installed, the API's is a no-op.
 */
export function activeTraceParent(): string | undefined {
  const carrier: { traceparent?: string } = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}
