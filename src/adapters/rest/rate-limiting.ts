import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from './order-routes.js';
import { problemFromFramework } from './problem-details.js';

export interface RateLimitingOptions {
  /** Requests per minute per client address (`request.ip`); 0 turns limiting off. */
  readonly max: number;
}

const WINDOW_MS = 60_000;

/** Liveness and readiness probes and the metrics scraper are never throttled. */
const EXEMPT_ROUTES: ReadonlySet<string> = new Set(['/health/live', '/health/ready', '/metrics']);

/** What @fastify/rate-limit throws over the limit; problem-details maps its status to RATE_LIMITED. */
class RateLimitedError extends Error implements FastifyError {
  override readonly name = 'RateLimitedError';
  readonly code = 'RATE_LIMITED';
  constructor(readonly statusCode: number) {
    super('Too many requests');
  }
}

/**
 * SPEC §2/§4 rate limiting: at most `max` requests per client address in each minute, on every route of the
 * server (REST, /graphql over GET, POST and WebSocket upgrade, the docs, unknown routes) but the exempt ones.
 * Over the limit: 429 application/problem+json RATE_LIMITED with Retry-After (seconds) and x-ratelimit-*.
 *
 * One server-wide onRequest hook rather than the plugin's per-route hooks: it covers routes declared by any
 * plugin and the not-found handler, and its refusal is sent here through the one problem mapper, so no
 * route-level error handler (mercurius has its own on /graphql) reshapes it.
 */
export const rateLimiting = fp<RateLimitingOptions>(
  async (app: FastifyInstance, { max }) => {
    if (max === 0) return;
    await app.register(rateLimit, {
      global: false,
      max,
      timeWindow: WINDOW_MS,
      allowList: (request) => request.routeOptions.url !== undefined && EXEMPT_ROUTES.has(request.routeOptions.url),
      errorResponseBuilder: (_request, context) => new RateLimitedError(context.statusCode),
    });
    const limit = app.rateLimit();
    app.addHook('onRequest', async function limitRate(request, reply) {
      try {
        await limit.call(this, request, reply);
      } catch (error) {
        if (!(error instanceof RateLimitedError)) throw error;
        const answer = problemFromFramework(error);
        request.log.info({ code: answer.code, ip: request.ip }, 'request refused');
        if (request.headers.upgrade !== undefined) {
          // A refused WebSocket upgrade: no HTTP server owns its socket any more, so close it once the answer is out.
          void reply.header('connection', 'close');
          reply.raw.once('finish', () => request.raw.socket.end());
        }
        return sendProblem(reply, answer);
      }
      return undefined;
    });
  },
  { name: 'rate-limiting' },
);
