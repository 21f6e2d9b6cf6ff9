import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from './problem.js';
import { problemFromFramework } from './problem-from-framework.js';

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Counts `hits` more requests against the client address of this reply's request, for a request that is worth
     * more than one (SPEC §2: each root field of a GraphQL mutation). Resolves to true when they put the address over
     * its limit: the reply then carries Retry-After, and the caller refuses with RATE_LIMITED before doing anything.
     * The hits stay counted either way, as a refused request does.
     */
    chargeRateLimit(hits: number): Promise<boolean>;
  }
}

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
 * route-level error handler (mercurius has its own on /graphql) reshapes it. `reply.chargeRateLimit` counts more
 * hits for a request worth more than one, in the same store.
 */
export const rateLimiting = fp<RateLimitingOptions>(
  async (app: FastifyInstance, { max }) => {
    if (max === 0) {
      app.decorateReply('chargeRateLimit', async () => false);
      return;
    }
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
    // The plugin's own manual limiter: the same store, key and allow list as the hook above, one hit per call.
    const hit = app.createRateLimit();
    app.decorateReply('chargeRateLimit', async function chargeRateLimit(this: FastifyReply, hits: number) {
      let state: Awaited<ReturnType<typeof hit>> | undefined;
      // Decided on the last hit's count, which includes every hit counted before it, concurrent requests' too.
      for (let counted = 0; counted < hits; counted += 1) state = await hit(this.request);
      if (state === undefined || state.isAllowed) return false;
      void this.header('x-ratelimit-limit', state.max)
        .header('x-ratelimit-remaining', state.remaining)
        .header('x-ratelimit-reset', state.ttlInSeconds);
      if (!state.isExceeded) return false;
      this.request.log.info({ code: 'RATE_LIMITED', ip: this.request.ip, hits }, 'request refused');
      void this.header('retry-after', state.ttlInSeconds);
      return true;
    });
  },
  { name: 'rate-limiting' },
);
