import { parseActor, type Actor } from '../../domain/model/actor.js';
import { ValidationError, type FieldIssue } from '../../domain/model/errors/validation-error.js';
import { fail, ok, type Result } from '../../domain/model/result.js';
import { parseCancelOrder } from '../../domain/use-cases/cancel-order/parse-cancel-order.js';
import type { OrderChangeInput } from '../../domain/use-cases/change-order/parse-order-change.js';
import { parseConfirmOrder } from '../../domain/use-cases/confirm-order/parse-confirm-order.js';
import { parseDeliverOrder } from '../../domain/use-cases/deliver-order/parse-deliver-order.js';
import { parseShipOrder } from '../../domain/use-cases/ship-order/parse-ship-order.js';
import type { CancelOrderCommand } from '../../ports/inbound/cancel-order-use-case.js';
import type { ConfirmOrderCommand } from '../../ports/inbound/confirm-order-use-case.js';
import type { DeliverOrderCommand } from '../../ports/inbound/deliver-order-use-case.js';
import type { ShipOrderCommand } from '../../ports/inbound/ship-order-use-case.js';

/** The commands of SPEC §11, each named after what happened elsewhere. */
export const COMMAND_TYPES = [
  'PaymentCaptured',
  'ShipmentDispatched',
  'ShipmentDelivered',
  'OrderCancellationRequested',
] as const;

export type CommandType = (typeof COMMAND_TYPES)[number];

/** One record's command, parsed by the core, with the system actor of its tenant that applies it. */
export type OrderCommandRecord = { readonly actor: Actor } & (
  | { readonly type: 'PaymentCaptured'; readonly command: ConfirmOrderCommand }
  | { readonly type: 'ShipmentDispatched'; readonly command: ShipOrderCommand }
  | { readonly type: 'ShipmentDelivered'; readonly command: DeliverOrderCommand }
  | { readonly type: 'OrderCancellationRequested'; readonly command: CancelOrderCommand }
);

/** Why a record can never apply, with its type when it named a known one (`unknown` otherwise). */
export interface PoisonRecord {
  readonly type: CommandType | 'unknown';
  readonly error: ValidationError;
}

/** Who applies the commands: staff of the record's tenant, as far as the core's rules go. */
export const SYSTEM_SUBJECT = 'kafka-input';

/** A record's value (JSON, SPEC §11) as the command the core applies, or why it never can. */
export function parseOrderCommandRecord(value: Buffer | null): Result<OrderCommandRecord, PoisonRecord> {
  const fields = jsonObjectOf(value);
  if (fields === undefined) return poison('unknown', [], 'the value is not a JSON object');
  const type = COMMAND_TYPES.find((known) => known === fields.type);
  if (type === undefined) return poison('unknown', ['type'], `must be one of ${COMMAND_TYPES.join(', ')}`);

  const issues: FieldIssue[] = [];
  const messageId = textField(fields, 'messageId', issues);
  if (fields.messageId === undefined || fields.messageId === null) {
    issues.push({ path: ['messageId'], message: 'is required' });
  }
  const input: OrderChangeInput = {
    orderId: textField(fields, 'orderId', issues) ?? '',
    expectedVersion: numberField(fields, 'expectedVersion', issues),
    messageId,
  };
  const reason = textField(fields, 'reason', issues);
  const actor = parseActor({
    subject: SYSTEM_SUBJECT,
    tenant: textField(fields, 'tenantId', issues) ?? '',
    roles: ['staff'],
  });
  if (!actor.ok && !issues.some((issue) => issue.path[0] === 'tenantId')) {
    issues.push({ path: ['tenantId'], message: actor.error.replace(/^the tenant /, '') });
  }
  // The core parses even when a field had the wrong JSON type, so that every issue is reported at once.
  const parsed = commandOf(type, input, reason);
  if (parsed.ok && actor.ok && issues.length === 0) return ok(parsed.value(actor.value));
  const flagged = new Set(issues.map((issue) => issue.path[0]));
  const coreIssues = parsed.ok ? [] : parsed.error.issues.filter((issue) => !flagged.has(issue.path[0]));
  return fail({ type, error: new ValidationError([...issues, ...coreIssues]) });
}

/** The core's parse of the command the type names: the record, once given the actor that applies it. */
function commandOf(
  type: CommandType,
  input: OrderChangeInput,
  reason: string | null | undefined,
): Result<(actor: Actor) => OrderCommandRecord, ValidationError> {
  const typed = <C>(parsed: Result<C, ValidationError>, wrap: (command: C, actor: Actor) => OrderCommandRecord) =>
    parsed.ok ? ok((actor: Actor) => wrap(parsed.value, actor)) : parsed;
  switch (type) {
    case 'PaymentCaptured':
      return typed(parseConfirmOrder(input), (command, actor) => ({ type, actor, command }));
    case 'ShipmentDispatched':
      return typed(parseShipOrder(input), (command, actor) => ({ type, actor, command }));
    case 'ShipmentDelivered':
      return typed(parseDeliverOrder(input), (command, actor) => ({ type, actor, command }));
    case 'OrderCancellationRequested':
      return typed(parseCancelOrder({ ...input, reason }), (command, actor) => ({ type, actor, command }));
  }
}

function jsonObjectOf(value: Buffer | null): Record<string, unknown> | undefined {
  if (value === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(value.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A field that must be a string when present: absent and null read as absent; another JSON type is an issue. */
function textField(fields: Record<string, unknown>, name: string, issues: FieldIssue[]): string | null | undefined {
  const raw = fields[name];
  if (raw === undefined || raw === null || typeof raw === 'string') return raw;
  issues.push({ path: [name], message: 'must be a string' });
  return undefined;
}

function numberField(fields: Record<string, unknown>, name: string, issues: FieldIssue[]): number | null | undefined {
  const raw = fields[name];
  if (raw === undefined || raw === null || typeof raw === 'number') return raw;
  issues.push({ path: [name], message: 'must be a number' });
  return undefined;
}

function poison(type: PoisonRecord['type'], path: readonly string[], message: string): Result<never, PoisonRecord> {
  return fail({ type, error: new ValidationError([{ path, message }]) });
}
