import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from './problem.js';
import { problemFromFramework } from './problem-from-framework.js';

export interface RateLimitingOptions {
  /** Requests per minute per client address (`request.ip`); 0 turns limiting off. */
  readonly max: number;
}

const WINDOW_MS = 60_000;

/**
 * A route opts out by declaring `config: { rateLimit: false }` (@fastify/rate-limit's own per-route switch), as the
 * probes and the metrics scrape do: the route says what it is, the platform keeps no list of paths.
 */
const isExempt = (request: FastifyRequest): boolean => request.routeOptions.config.rateLimit === false;

/** What @fastify/rate-limit throws over the limit; problemFromFramework maps its status to RATE_LIMITED. */
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
      allowList: isExempt,
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
