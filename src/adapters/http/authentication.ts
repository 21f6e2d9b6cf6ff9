import type { FastifyError, FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { AuthenticationFailure, BearerAuthentication } from './bearer-authentication.js';
import './request-actor.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `false`: anyone may call the route (probes, metrics, API documents). `'socket'`: a WebSocket upgrade to the
     * route is let through, to authenticate on its socket. Every other request needs a bearer token.
     */
    authentication?: false | 'socket';
  }
}

/** An onRoute hook for a scope whose routes are all public, such as a plugin's pages that declare no config. */
export function publicRoute(route: RouteOptions): void {
  route.config = { ...route.config, authentication: false } as RouteOptions['config'];
}

/** The challenge of RFC 6750: what a 401 tells the client to send, and why the token it sent was refused. */
function bearerChallenge(failure: AuthenticationFailure): string {
  if (!failure.presented) return 'Bearer realm="hexagonal-orders"';
  return `Bearer realm="hexagonal-orders", error="invalid_token", error_description="${failure.reason.replace(/"/g, "'")}"`;
}

/** A request without a valid bearer token, as the route's error handler receives it (REST or GraphQL). */
export class UnauthenticatedError extends Error implements FastifyError {
  override readonly name = 'UnauthenticatedError';
  readonly code = 'UNAUTHENTICATED';
  readonly statusCode = 401;
  readonly challenge: string;
  constructor(failure: AuthenticationFailure) {
    super(failure.reason);
    this.challenge = bearerChallenge(failure);
  }
}

/**
 * Routes are protected unless they say otherwise, and an unknown route's answer is not: a 404 tells nothing the
 * published API documents do not. A WebSocket upgrade to a route that says so is let through: its socket
 * authenticates with the token in its first message, which is all a browser can send.
 */
function needsToken(request: FastifyRequest): boolean {
  // fastify builds routeOptions anew on each read: read once.
  const { url, config } = request.routeOptions;
  if (url === undefined) return false;
  const { authentication: declared } = config;
  if (declared === false) return false;
  return !(declared === 'socket' && request.headers.upgrade?.toLowerCase() === 'websocket');
}

export interface AuthenticationOptions {
  readonly authentication: BearerAuthentication;
}

/**
 * Bearer authentication of SPEC §9 for every route of the server: the actor is established before the body is
 * read, so no request without a valid token reaches a use case, or costs more than its headers.
 */
export const authentication = fp<AuthenticationOptions>(
  async (app: FastifyInstance, options) => {
    app.decorateRequest('actor', null);
    const verifier = options.authentication;
    // Synchronous for a token verified lately, the common case: a promise per request costs more than the lookup.
    app.addHook('onRequest', (request, _reply, done) => {
      if (!needsToken(request)) return done();
      const { authorization } = request.headers;
      const remembered = verifier.remembered(authorization);
      if (remembered !== undefined) {
        request.actor = remembered;
        return done();
      }
      verifier.actorFrom(authorization).then((actor) => {
        if (!actor.ok) return done(new UnauthenticatedError(actor.error));
        request.actor = actor.value;
        return done();
      }, done);
    });
  },
  { name: 'authentication' },
);
