import type { MercuriusContext } from 'mercurius';
import type { Actor } from '../../domain/model/actor.js';

declare module 'mercurius' {
  interface MercuriusContext {
    /** Who is asking: from the HTTP platform's bearer check, or from a socket's `connection_init`. */
    actor: Actor | null;
  }
}

/** The actor of an operation; no operation runs without one, so a missing actor is a failure of ours. */
export function actorIn(context: MercuriusContext): Actor {
  if (context.actor === null || context.actor === undefined)
    throw new Error('A GraphQL operation ran without an actor');
  return context.actor;
}
