import { Type, type Static } from 'typebox';
import { ORDER_STATUSES } from '../../domain/order.js';
import { OrderLimits } from '../../domain/order-rules.js';

// Shapes and documented bounds only: the core decides what an order may be, so GraphQL and REST agree.

export const OrderStatusSchema = Type.Enum(ORDER_STATUSES, {
  type: 'string',
  description: 'Where the order is in its lifecycle',
});

export const OrderItemSchema = Type.Object(
  {
    sku: Type.String({
      minLength: 1,
      maxLength: OrderLimits.skuMaxLength,
      pattern: OrderLimits.skuPattern,
      examples: ['BOOK-42'],
    }),
    quantity: Type.Integer({ minimum: OrderLimits.quantityMin, maximum: OrderLimits.quantityMax, examples: [2] }),
    unitPrice: Type.Integer({
      minimum: OrderLimits.unitPriceMin,
      maximum: OrderLimits.unitPriceMax,
      description: 'In minor units of the currency (cents)',
      examples: [1250],
    }),
  },
  { additionalProperties: false },
);

export const PlaceOrderBodySchema = Type.Object(
  {
    customerId: Type.String({ minLength: 1, maxLength: OrderLimits.customerIdMaxLength, examples: ['c-1'] }),
    customerEmail: Type.String({
      minLength: 3,
      maxLength: OrderLimits.customerEmailMaxLength,
      examples: ['ada@example.com'],
    }),
    items: Type.Array(OrderItemSchema, { minItems: OrderLimits.minItems, maxItems: OrderLimits.maxItems }),
    currency: Type.Optional(
      Type.String({ pattern: OrderLimits.currencyPattern, default: OrderLimits.defaultCurrency, examples: ['USD'] }),
    ),
  },
  { additionalProperties: false },
);
export type PlaceOrderBody = Static<typeof PlaceOrderBodySchema>;

/** The body is optional: a missing one reads as `{}` (see the cancel route's preValidation). */
export const CancelOrderBodySchema = Type.Object(
  {
    reason: Type.Optional(
      Type.Union([Type.String({ maxLength: OrderLimits.cancellationReasonMaxLength }), Type.Null()]),
    ),
  },
  { additionalProperties: false },
);
export type CancelOrderBody = Static<typeof CancelOrderBodySchema>;

export const OrderSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    customerId: Type.String(),
    customerEmail: Type.String(),
    items: Type.Array(OrderItemSchema),
    currency: Type.String(),
    total: Type.Integer({ description: 'Sum of quantity × unitPrice, in minor units' }),
    status: OrderStatusSchema,
    cancellationReason: Type.Union([Type.String(), Type.Null()]),
    version: Type.Integer({ minimum: 1 }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Order' },
);
export type OrderJson = Static<typeof OrderSchema>;

export const OrderPageSchema = Type.Object({
  items: Type.Array(Type.Ref('Order')),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const OrderIdParamsSchema = Type.Object({ id: Type.String({ description: 'The order id (UUID)' }) });

export const ListOrdersQuerySchema = Type.Object(
  {
    customerId: Type.Optional(Type.String({ minLength: 1, maxLength: OrderLimits.customerIdMaxLength })),
    status: Type.Optional(OrderStatusSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: OrderLimits.pageSizeMax, default: OrderLimits.pageSizeDefault })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
export type ListOrdersQueryString = Static<typeof ListOrdersQuerySchema>;

export const IfMatchHeadersSchema = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'The ETag of the version the change is based on, e.g. "3"' })),
});

export const IdempotencyHeadersSchema = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      description: '1..255 printable ASCII characters; a repeat with the same key and body replays the first answer',
    }),
  ),
});

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem' },
);

export const HealthSchema = Type.Object({
  status: Type.String(),
  checks: Type.Optional(
    Type.Record(Type.String(), Type.Object({ status: Type.String(), detail: Type.Optional(Type.String()) })),
  ),
});
