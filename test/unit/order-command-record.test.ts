import { describe, expect, it } from 'vitest';
import {
  parseOrderCommandRecord,
  SYSTEM_SUBJECT,
  type PoisonRecord,
} from '../../src/adapters/kafka-input/order-command-record.js';
import { unwrap, unwrapError } from '../support/order-commands.js';

const ORDER_ID = '00000000-0000-4000-8000-00000000002a';
const MESSAGE_ID = '5b0d6c1e-8d1f-4f4e-9a43-2f6a1c0e7b19';
const TENANT = 'tenant-a';

const recordOf = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const command = (fields: Record<string, unknown>) =>
  recordOf({ messageId: MESSAGE_ID, tenantId: TENANT, orderId: ORDER_ID, ...fields });

/** The refusal's type label, code and issues as `path: message`. */
function refusalOf(value: Buffer | null): { type: PoisonRecord['type']; code: string; issues: string[] } {
  const { type, error } = unwrapError(parseOrderCommandRecord(value));
  return { type, code: error.code, issues: error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
}

describe('the command a Kafka record carries (SPEC §11)', () => {
  it.each([
    ['PaymentCaptured', 'confirms'],
    ['ShipmentDispatched', 'ships'],
    ['ShipmentDelivered', 'delivers'],
  ])('reads %s as the change that %s the order, with its message and expected version', (type) => {
    const record = unwrap(parseOrderCommandRecord(command({ type, expectedVersion: 3 })));
    expect(record).toEqual({
      type,
      actor: { subject: SYSTEM_SUBJECT, tenant: TENANT, roles: ['staff'] },
      command: { orderId: ORDER_ID, expectedVersion: 3, messageId: MESSAGE_ID },
    });
  });

  it('reads OrderCancellationRequested as a cancellation with its reason, trimmed', () => {
    const record = unwrap(parseOrderCommandRecord(command({ type: 'OrderCancellationRequested', reason: ' fraud ' })));
    expect(record.type).toBe('OrderCancellationRequested');
    expect(record.command).toEqual({ orderId: ORDER_ID, messageId: MESSAGE_ID, reason: 'fraud' });
  });

  it('reads a cancellation without a reason as one with none', () => {
    const record = unwrap(parseOrderCommandRecord(command({ type: 'OrderCancellationRequested' })));
    expect(record.command).toEqual({ orderId: ORDER_ID, messageId: MESSAGE_ID, reason: null });
  });

  it('reads ids in upper case as the ids they spell in lower case, and leaves out an absent version', () => {
    const record = unwrap(
      parseOrderCommandRecord(
        command({ type: 'PaymentCaptured', orderId: ORDER_ID.toUpperCase(), messageId: MESSAGE_ID.toUpperCase() }),
      ),
    );
    expect(record.command).toEqual({ orderId: ORDER_ID, messageId: MESSAGE_ID });
  });

  it.each([
    ['an empty record', null],
    ['a value that is not JSON', Buffer.from('{"type": "PaymentCaptured"')],
    ['a JSON array', recordOf([{ type: 'PaymentCaptured' }])],
    ['a JSON string', recordOf('PaymentCaptured')],
    ['JSON null', Buffer.from('null')],
  ])('refuses %s as not a command, of unknown type', (_kind, value) => {
    expect(refusalOf(value)).toEqual({
      type: 'unknown',
      code: 'VALIDATION_FAILED',
      issues: [': the value is not a JSON object'],
    });
  });

  it.each([
    ['an unknown type', 'PaymentRefunded'],
    ['a type in the wrong case', 'paymentcaptured'],
    ['no type', undefined],
    ['a type that is not a string', 7],
  ])('refuses %s, naming the known ones', (_kind, type) => {
    expect(refusalOf(command({ type }))).toEqual({
      type: 'unknown',
      code: 'VALIDATION_FAILED',
      issues: [
        'type: must be one of PaymentCaptured, ShipmentDispatched, ShipmentDelivered, OrderCancellationRequested',
      ],
    });
  });

  it('requires a messageId, since a command without one could not be applied once', () => {
    expect(refusalOf(recordOf({ type: 'PaymentCaptured', tenantId: TENANT, orderId: ORDER_ID }))).toEqual({
      type: 'PaymentCaptured',
      code: 'VALIDATION_FAILED',
      issues: ['messageId: is required'],
    });
  });

  it('refuses a messageId that is not a UUID', () => {
    expect(refusalOf(command({ type: 'ShipmentDispatched', messageId: 'msg-1' })).issues).toEqual([
      'messageId: must be a UUID',
    ]);
  });

  it.each([
    ['a missing tenant', undefined],
    ['a malformed tenant', 'Tenant A'],
  ])('refuses %s, as no actor can act for it', (_kind, tenantId) => {
    const refusal = refusalOf(command({ type: 'ShipmentDelivered', tenantId }));
    expect(refusal.code).toBe('VALIDATION_FAILED');
    expect(refusal.issues).toEqual([expect.stringMatching(/^tenantId: must be 1\.\.64 /)]);
  });

  it('reports every refused field at once: wrong JSON types and what the core refuses', () => {
    const refusal = refusalOf(
      recordOf({
        type: 'OrderCancellationRequested',
        tenantId: 5,
        orderId: 'order-1',
        expectedVersion: '2',
        reason: 1,
      }),
    );
    expect(refusal.type).toBe('OrderCancellationRequested');
    expect(refusal.issues.sort()).toEqual(
      [
        'expectedVersion: must be a number',
        'messageId: is required',
        'orderId: must be a UUID',
        'reason: must be a string',
        'tenantId: must be a string',
      ].sort(),
    );
  });

  it('refuses an expected version that is not a whole number', () => {
    expect(refusalOf(command({ type: 'PaymentCaptured', expectedVersion: 1.5 })).issues).toEqual([
      'expectedVersion: must be an integer',
    ]);
  });
});
