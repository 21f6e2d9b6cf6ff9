import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ConsumedRecord } from './kafka-consumer.js';

const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

/** The value of a Kafka record of an order event (SPEC §6), as far as the checks below read it. */
export interface OrderEventValue {
  readonly eventId: string;
  readonly type: string;
  readonly orderId: string;
  readonly orderVersion: number;
}

/** The status each event type leaves an order in (SPEC §3). */
const STATUS_AFTER = {
  OrderPlaced: 'pending',
  OrderConfirmed: 'confirmed',
  OrderShipped: 'shipped',
  OrderDelivered: 'delivered',
  OrderCancelled: 'cancelled',
} as const;

/** SPEC §6 (plus `tenantId` of §9) as a JSON Schema: every field, nothing more, and a status that fits the type. */
const ORDER_EVENT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'eventId',
    'type',
    'schemaVersion',
    'occurredAt',
    'orderId',
    'tenantId',
    'customerId',
    'orderVersion',
    'data',
  ],
  properties: {
    eventId: { type: 'string', format: 'uuid' },
    type: { enum: Object.keys(STATUS_AFTER) },
    schemaVersion: { const: 1 },
    occurredAt: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$' },
    orderId: { type: 'string', format: 'uuid' },
    tenantId: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' },
    customerId: { type: 'string', minLength: 1, maxLength: 64 },
    orderVersion: { type: 'integer', minimum: 1 },
    data: {
      type: 'object',
      additionalProperties: false,
      required: ['status', 'total', 'currency'],
      properties: {
        status: { enum: Object.values(STATUS_AFTER) },
        total: { type: 'integer', minimum: 1, maximum: 1_000_000_000 },
        currency: { type: 'string', pattern: '^[A-Z]{3}$' },
        reason: { type: ['string', 'null'], maxLength: 500 },
      },
    },
  },
  allOf: Object.entries(STATUS_AFTER).map(([type, status]) => ({
    if: { properties: { type: { const: type } } },
    then: {
      properties: {
        data: {
          properties: { status: { const: status } },
          // data.reason is present on OrderCancelled, and only there
          ...(type === 'OrderCancelled' ? { required: ['reason'] } : { not: { required: ['reason'] } }),
        },
      },
    },
  })),
};

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validEvent = ajv.compile<OrderEventValue>(ORDER_EVENT_SCHEMA);

function valueOf(record: ConsumedRecord): OrderEventValue {
  return JSON.parse(record.value) as OrderEventValue;
}

/** What is wrong with a record as SPEC §6 describes one; empty when nothing is. */
export function problemsOf(record: ConsumedRecord): string[] {
  const where = `record of ${record.key} in partition ${record.partition}`;
  let value: unknown;
  try {
    value = JSON.parse(record.value);
  } catch {
    return [`${where}: the value is not JSON`];
  }
  if (!validEvent(value))
    return (validEvent.errors ?? []).map((error) => `${where}: ${error.instancePath || 'the value'} ${error.message}`);
  const event = value;
  const problems: string[] = [];
  if (record.key !== event.orderId) problems.push(`${where}: the key is not the order id ${event.orderId}`);
  const { 'event-type': type, 'event-id': eventId, 'content-type': contentType } = record.headers;
  if (type !== event.type || eventId !== event.eventId || contentType !== 'application/json')
    problems.push(`${where}: headers ${JSON.stringify(record.headers)} do not match the value`);
  if (record.value.includes('@')) problems.push(`${where}: personal data (an e-mail address) in the value`);
  return problems;
}

/**
 * Orders whose events did not first reach the topic in version order, or spread over several partitions. A repeat
 * (at least once) may come later than a newer version; the first time each event arrives is what counts.
 */
export function outOfOrder(records: readonly ConsumedRecord[]): string[] {
  const seen = new Set<string>();
  const lastVersion = new Map<string, number>();
  const partitionOf = new Map<string, number>();
  const problems: string[] = [];
  for (const record of records) {
    const event = valueOf(record);
    if ((partitionOf.get(event.orderId) ?? record.partition) !== record.partition)
      problems.push(`${event.orderId}: events in partitions ${partitionOf.get(event.orderId)} and ${record.partition}`);
    partitionOf.set(event.orderId, record.partition);
    if (seen.has(event.eventId)) continue;
    seen.add(event.eventId);
    if (event.orderVersion <= (lastVersion.get(event.orderId) ?? 0))
      problems.push(`${event.orderId}: version ${event.orderVersion} after ${lastVersion.get(event.orderId)}`);
    lastVersion.set(event.orderId, event.orderVersion);
  }
  return problems;
}

/** The event ids of these records, each once. */
export function eventIdsOf(records: readonly ConsumedRecord[]): Set<string> {
  return new Set(records.map((record) => record.headers['event-id'] ?? ''));
}
