import { trace } from '@opentelemetry/api';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK, resources, type tracing } from '@opentelemetry/sdk-node';

/** The service's name in traces unless OTEL_SERVICE_NAME (or OTEL_RESOURCE_ATTRIBUTES) names it otherwise. */
const SERVICE_NAME = 'hexagonal-orders';

export interface TracingOptions {
  /**
   * Where finished spans go. By default, what the standard OTEL_* variables choose: a batch processor exporting
   * over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT. Tests hand in their own, in memory.
   */
  readonly spanProcessors?: tracing.SpanProcessor[];
}

/** Tracing as started: what the logger needs from it, and its end. */
export interface Tracing {
  /** A pino `mixin`: each line logged while a span is active carries its trace's id. */
  readonly logMixin: () => { traceId?: string };
  /** Exports the spans still buffered, then stops recording. */
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry's Node SDK (SPEC §10): traces only, with the pg instrumentation for the SQL of each use case.
 * Call it before anything loads `pg`, which the instrumentation patches as it loads: knex loads it when the first
 * database is made. Spans for requests (@fastify/otel, in the HTTP platform), use cases and deliveries (decorators in
 * the composition root) need nothing more than the tracer provider this registers. Only loaded when tracing is on.
 */
export function startTracing(options: TracingOptions = {}): Tracing {
  const sdk = new NodeSDK({
    // Under the resource the OTEL_* variables describe, which wins where both say something.
    resource: resources.defaultResource().merge(resources.resourceFromAttributes({ 'service.name': SERVICE_NAME })),
    ...(options.spanProcessors && { spanProcessors: options.spanProcessors }),
    // Traces only: metrics are Prometheus' (/metrics) and logs pino's; the SDK would otherwise export both as well.
    metricReaders: [],
    logRecordProcessors: [],
    // Only SQL run on behalf of a traced operation: the relay's polling would otherwise start a trace every tick.
    instrumentations: [new PgInstrumentation({ requireParentSpan: true })],
  });
  sdk.start();
  return {
    logMixin: () => {
      const span = trace.getActiveSpan();
      return span === undefined ? {} : { traceId: span.spanContext().traceId };
    },
    shutdown: () => sdk.shutdown(),
  };
}
