import { parseActor, type Actor } from '../../src/domain/model/actor.js';
import { unwrap } from './order-commands.js';
import { TEST_TENANT } from './tokens.js';

/** An actor as the core receives it from an input adapter, made by the core's own parser. */
export function actorOf(subject: string, roles: readonly string[], tenant = TEST_TENANT): Actor {
  return unwrap(parseActor({ subject, tenant, roles }));
}

/** Staff of the test tenant. */
export const STAFF_ACTOR = actorOf('staff-1', ['staff']);
