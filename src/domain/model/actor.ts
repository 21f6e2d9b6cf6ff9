import { fail, ok, type Result } from './result.js';
import { isText, lengthOf, NOT_TEXT } from './text.js';
import { parseTenantId, type TenantId } from './values/tenant-id.js';

/** What an actor may do (SPEC §9): a customer acts on their own orders, staff on every order of their tenant. */
export type Role = 'customer' | 'staff';

const ROLES: readonly Role[] = ['customer', 'staff'];

/** Who is asking, as an input adapter established it: the core decides what they may do. */
export interface Actor {
  /** The subject: for a customer, the customerId their orders carry. */
  readonly subject: string;
  readonly tenant: TenantId;
  readonly roles: readonly Role[];
}

/** The claims an input adapter read, before the core accepts them as an actor. */
export interface ActorClaims {
  readonly subject: string;
  readonly tenant: string;
  readonly roles: readonly string[];
}

export const SUBJECT_MAX_LENGTH = 255;

/**
 * An actor from verified claims. Roles this service does not know are ignored (identity providers carry many);
 * an actor with neither role may do nothing.
 */
export function parseActor(claims: ActorClaims): Result<Actor, string> {
  const length = lengthOf(claims.subject);
  if (length < 1 || length > SUBJECT_MAX_LENGTH) return fail(`the subject must be 1..${SUBJECT_MAX_LENGTH} characters`);
  if (!isText(claims.subject)) return fail(`the subject ${NOT_TEXT}`);
  if (claims.subject.trim() !== claims.subject) return fail('the subject must not start or end with white space');
  const tenant = parseTenantId(claims.tenant);
  if (!tenant.ok) return fail(`the tenant ${tenant.error}`);
  const roles = ROLES.filter((role) => claims.roles.includes(role));
  return ok(Object.freeze({ subject: claims.subject, tenant: tenant.value, roles: Object.freeze(roles) }));
}

export function isStaff(actor: Actor): boolean {
  return actor.roles.includes('staff');
}

export function isCustomer(actor: Actor): boolean {
  return actor.roles.includes('customer');
}
