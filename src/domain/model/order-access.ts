import { isCustomer, isStaff, type Actor } from './actor.js';
import { ForbiddenError } from './errors/forbidden-error.js';
import { ValidationError } from './errors/validation-error.js';
import type { OrderAction } from './order-lifecycle.js';
import { fail, ok, type Result } from './result.js';
import { parseCustomerId, type CustomerId } from './values/customer-id.js';

/*
 * Who may do what with orders (SPEC §9). Staff act on every order of their tenant; a customer acts on their own
 * orders only, and of the changes may only cancel. An order the actor may not see does not exist for them, so a
 * refusal that depends on the order is "not found"; FORBIDDEN is only ever about what was asked, never which order.
 */

/** The part of an order that decides who may see it. */
export interface OrderOwnership {
  readonly tenantId: string;
  readonly customerId: string;
}

const NO_ROLE = new ForbiddenError('The token grants neither the customer nor the staff role');

/** Whether the order exists for this actor: in their tenant, and for a customer their own. */
export function canSee(actor: Actor, order: OrderOwnership): boolean {
  if (order.tenantId !== actor.tenant) return false;
  if (isStaff(actor)) return true;
  return isCustomer(actor) && order.customerId === actor.subject;
}

/** Refuses an actor with no role this service knows before anything is read. */
export function mayRead(actor: Actor): Result<void, ForbiddenError> {
  return isStaff(actor) || isCustomer(actor) ? ok(undefined) : fail(NO_ROLE);
}

/** Whether the actor may ask for this change at all: confirm, ship and deliver are staff's. */
export function mayAsk(actor: Actor, action: OrderAction): Result<void, ForbiddenError> {
  if (isStaff(actor)) return ok(undefined);
  if (!isCustomer(actor)) return fail(NO_ROLE);
  if (action === 'cancel') return ok(undefined);
  return fail(new ForbiddenError(`Only staff may ${action} an order`));
}

/**
 * The customer a new order is for: staff name any customer; a customer places for themselves, naming
 * themselves or no one.
 */
export function customerOrderedBy(
  actor: Actor,
  named: CustomerId | undefined,
): Result<CustomerId, ForbiddenError | ValidationError> {
  if (isStaff(actor)) {
    return named === undefined ? fail(required('is required when staff place an order')) : ok(named);
  }
  if (!isCustomer(actor)) return fail(NO_ROLE);
  if (named !== undefined && named !== actor.subject) {
    return fail(new ForbiddenError('A customer places orders for themselves only'));
  }
  const own = parseCustomerId(actor.subject);
  return own.ok ? ok(own.value) : fail(required(`cannot be the token's subject, which ${own.error}`));
}

/**
 * Whose orders a list may show: staff see the customer they name, or all; a customer sees only their own, so a
 * list filtered by another customer is empty (null: nothing to show).
 */
export function listedCustomer(
  actor: Actor,
  named: CustomerId | undefined,
): Result<{ readonly customerId?: CustomerId } | null, ForbiddenError> {
  if (isStaff(actor)) return ok(named === undefined ? {} : { customerId: named });
  if (!isCustomer(actor)) return fail(NO_ROLE);
  if (named !== undefined && named !== actor.subject) return ok(null);
  return ok({ customerId: actor.subject as CustomerId });
}

function required(message: string): ValidationError {
  return new ValidationError([{ path: ['customerId'], message }]);
}
