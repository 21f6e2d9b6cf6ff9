import type { FastifyInstance } from 'fastify';

/**
 * A server span per request (@fastify/otel), named after its method and route; it continues the caller's W3C
 * `traceparent`, and the handler runs in its context, so that the use case and its SQL are its descendants. Hooks get
 * no span of their own: they would only add noise and cost. Register it before any route or hook it should cover.
 * Loaded here, on demand: with tracing off, the process never loads it.
 */
export async function traceRequests(app: FastifyInstance): Promise<void> {
  const { FastifyOtelInstrumentation } = await import('@fastify/otel');
  const instrumentation = new FastifyOtelInstrumentation({
    instrumentHooks: false,
    requestHook: (span, request) => span.updateName(`${request.method} ${request.routeOptions.url ?? request.url}`),
  });
  await app.register(instrumentation.plugin());
}
