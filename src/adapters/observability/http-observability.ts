import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { UNMATCHED_ROUTE, type ServiceMetrics } from './service-metrics.js';

export interface HttpObservabilityOptions {
  readonly metrics: ServiceMetrics;
}

/**
 * One log line and one histogram sample per request, for every route of the server. Register it before any
 * route: fastify fixes each route's hooks when the route is added, so a hook added later misses earlier routes.
 * Replaces fastify's own request logging (start the server with
 * `logController: new LogController({ disableRequestLogging: true })`), whose lines lack the method and route:
 * this one carries reqId (from request.log), method, route, url (without the query), status and durationMs.
 */
export const requestObservability = fp<HttpObservabilityOptions>(
  async (app: FastifyInstance, { metrics }) => {
    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
      const durationMs = reply.elapsedTime;
      metrics.observeRequest({ method: request.method, route, status: reply.statusCode, seconds: durationMs / 1000 });
      request.log.info(
        {
          method: request.method,
          route,
          url: request.url.split('?', 1)[0],
          status: reply.statusCode,
          durationMs: Math.round(durationMs * 1000) / 1000,
        },
        'request completed',
      );
      done();
    });
  },
  { name: 'request-observability' },
);

/**
 * `GET /metrics` in the Prometheus text format, left out of the OpenAPI document. The scraper is never throttled:
 * the route declares itself exempt from the HTTP platform's rate limit.
 */
export const metricsRoute: FastifyPluginAsync<HttpObservabilityOptions> = async (app, { metrics }) => {
  app.get(
    '/metrics',
    { schema: { hide: true }, config: { rateLimit: false, authentication: false } },
    async (_request, reply) => {
      const body = await metrics.render();
      return reply.header('content-type', metrics.contentType).header('cache-control', 'no-store').send(body);
    },
  );
};
