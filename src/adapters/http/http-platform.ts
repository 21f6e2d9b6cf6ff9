import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { authentication } from './authentication.js';
import type { BearerAuthentication } from './bearer-authentication.js';
import { answerError, answerNoRoute } from './error-handler.js';
import { readJsonBodiesOnly } from './json-bodies.js';
import { rateLimiting } from './rate-limiting.js';
import { traceRequests } from './request-tracing.js';
import { validatorCompiler } from './request-validation.js';
import { addSecurityHeaders } from './security-headers.js';

export interface HttpPlatformOptions {
  /** Requests per minute per client address; 0 turns limiting off. */
  readonly rateLimitMax: number;
  /** How bearer tokens become actors (SPEC §9). */
  readonly authentication: BearerAuthentication;
  /** Whether each request is a span (SPEC §10); unless true, not even the plugin is registered. */
  readonly tracing?: boolean;
}

/**
 * What every route of the server shares, whichever input adapter declares it: X-Request-Id on every answer,
 * JSON bodies within BODY_LIMIT, request validation, security headers, rate limiting, bearer authentication, and
 * problem+json for every
 * error and unknown route. Register it first, on a server built with HTTP_SERVER_OPTIONS (fastify binds hooks to
 * the routes declared after them); then REST, GraphQL and /metrics, in any order, add only their routes.
 */
export const httpPlatform = fp<HttpPlatformOptions>(
  async (app: FastifyInstance, { rateLimitMax, authentication: verifier, tracing }) => {
    // First: it wraps the routes and hooks declared after it.
    if (tracing) await traceRequests(app);
    app.setValidatorCompiler(validatorCompiler);
    readJsonBodiesOnly(app);
    // Before any route, so that every route and 404 is covered, and before the rate limit, so that a 429 carries them.
    // One synchronous hook: each hook fastify runs per request has a cost of its own.
    app.addHook('onRequest', (request, reply, done) => {
      void reply.header('x-request-id', request.id);
      addSecurityHeaders(request, reply);
      done();
    });
    await app.register(rateLimiting, { max: rateLimitMax });
    // After the rate limit, so that a flood of bad tokens is limited like any other.
    await app.register(authentication, { authentication: verifier });
    app.setErrorHandler(answerError);
    app.setNotFoundHandler(answerNoRoute);
  },
  { name: 'http-platform' },
);
