import { randomUUID } from 'node:crypto';

/** The body schema both baselines validate with: the same JSON Schema the app's REST adapter publishes. */
export const bodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['customerId', 'customerEmail', 'items'],
  properties: {
    customerId: { type: 'string', minLength: 1, maxLength: 64 },
    customerEmail: { type: 'string', minLength: 3, maxLength: 254 },
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['sku', 'quantity', 'unitPrice'],
        properties: {
          sku: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' },
          quantity: { type: 'integer', minimum: 1, maximum: 10000 },
          unitPrice: { type: 'integer', minimum: 0, maximum: 1000000000 },
        },
      },
    },
    currency: { type: 'string', pattern: '^[A-Z]{3}$', default: 'USD' },
  },
} as const;

export interface Body {
  customerId: string;
  customerEmail: string;
  items: { sku: string; quantity: number; unitPrice: number }[];
  currency: string;
}

/** The placed order as both baselines build it: trimmed customer id, computed total, version 1. */
export function newOrder({ customerId, customerEmail, items, currency }: Body, now: Date) {
  return {
    id: randomUUID(),
    customerId: customerId.trim(),
    customerEmail,
    items,
    currency,
    total: items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0),
    status: 'pending',
    cancellationReason: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}
