import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../domain/model/actor.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking, as the platform's bearer authentication established it; null on public routes. */
    actor: Actor | null;
  }
}

/**
 * The actor of a request to a protected route. The platform refuses such a request before its handler runs unless
 * the token was valid, so a missing actor here is a route declared public by mistake: a failure of ours, not the
 * caller's.
 */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) throw new Error(`${request.method} ${request.routeOptions.url ?? ''} has no actor`);
  return request.actor;
}
