import { Type, type Static } from 'typebox';
import { CANCELLATION_REASON_MAX_LENGTH } from '../../domain/model/values/cancellation-reason.js';
import { CURRENCY_PATTERN, DEFAULT_CURRENCY } from '../../domain/model/values/currency.js';
import { CUSTOMER_ID_MAX_LENGTH } from '../../domain/model/values/customer-id.js';
import { EMAIL_ADDRESS_MAX_LENGTH } from '../../domain/model/values/email-address.js';
import { UNIT_PRICE_MAX, UNIT_PRICE_MIN } from '../../domain/model/values/money.js';
import { MAX_LINES, MIN_LINES } from '../../domain/model/values/order-lines.js';
import { ORDER_STATUSES } from '../../domain/model/values/order-status.js';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from '../../domain/model/values/page-size.js';
import { QUANTITY_MAX, QUANTITY_MIN } from '../../domain/model/values/quantity.js';
import { SKU_MAX_LENGTH, SKU_PATTERN } from '../../domain/model/values/sku.js';

// Shapes and documented bounds only: the core decides what an order may be, so GraphQL and REST agree.
// Descriptions and examples are annotations: they go into /openapi.json (and the generated clients), never into
// validation or serialization.

const OrderStatusSchema = Type.Enum(ORDER_STATUSES, {
  type: 'string',
  description: 'Where the order is in its lifecycle',
});

const OrderItemSchema = Type.Object(
  {
    sku: Type.String({
      minLength: 1,
      maxLength: SKU_MAX_LENGTH,
      pattern: SKU_PATTERN,
      examples: ['BOOK-42'],
    }),
    quantity: Type.Integer({ minimum: QUANTITY_MIN, maximum: QUANTITY_MAX, examples: [2] }),
    unitPrice: Type.Integer({
      minimum: UNIT_PRICE_MIN,
      maximum: UNIT_PRICE_MAX,
      description: 'In minor units of the currency (cents)',
      examples: [1250],
    }),
  },
  { additionalProperties: false },
);

/** Request examples of POST /orders (`x-examples` becomes the media type's named `examples`). */
const PLACE_ORDER_EXAMPLES = {
  oneLine: {
    summary: 'One line, in the default currency (USD)',
    value: {
      customerId: 'c-1',
      customerEmail: 'ada@example.com',
      items: [{ sku: 'BOOK-42', quantity: 2, unitPrice: 1250 }],
    },
  },
  twoLinesInEuro: {
    summary: 'Two lines, in euro',
    value: {
      customerId: 'c-2',
      customerEmail: 'grace@example.com',
      items: [
        { sku: 'PEN-1', quantity: 3, unitPrice: 199 },
        { sku: 'NOTEBOOK-A5', quantity: 1, unitPrice: 650 },
      ],
      currency: 'EUR',
    },
  },
};

export const PlaceOrderBodySchema = Type.Object(
  {
    customerId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: CUSTOMER_ID_MAX_LENGTH,
        description:
          "Whom the order is for. A customer may leave it out (it is then the token's subject) or name themselves; " +
          'staff must name one',
        examples: ['c-1'],
      }),
    ),
    customerEmail: Type.String({
      minLength: 3,
      maxLength: EMAIL_ADDRESS_MAX_LENGTH,
      description: 'Where the order e-mails go',
      examples: ['ada@example.com'],
    }),
    items: Type.Array(OrderItemSchema, {
      minItems: MIN_LINES,
      maxItems: MAX_LINES,
      description: 'The order lines; the total of the order must be positive',
    }),
    currency: Type.Optional(
      Type.String({
        pattern: CURRENCY_PATTERN,
        default: DEFAULT_CURRENCY,
        description: 'ISO 4217 code of a currency in circulation',
        examples: ['USD'],
      }),
    ),
  },
  { additionalProperties: false, 'x-examples': PLACE_ORDER_EXAMPLES },
);

/** The body is optional: a missing one reads as `{}` (see the cancel route's preValidation). */
export const CancelOrderBodySchema = Type.Object(
  {
    reason: Type.Optional(
      Type.Union([Type.String({ maxLength: CANCELLATION_REASON_MAX_LENGTH }), Type.Null()], {
        description: 'Why the order is cancelled; kept as cancellationReason',
      }),
    ),
  },
  {
    additionalProperties: false,
    'x-examples': {
      withReason: { summary: 'With a reason', value: { reason: 'changed my mind' } },
      withoutReason: { summary: 'Without a reason (the same as no body)', value: {} },
    },
  },
);

export const OrderSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    customerId: Type.String(),
    customerEmail: Type.String(),
    items: Type.Array(OrderItemSchema),
    currency: Type.String({ description: 'ISO 4217 code' }),
    total: Type.Integer({ description: 'Sum of quantity × unitPrice, in minor units' }),
    status: OrderStatusSchema,
    cancellationReason: Type.Union([Type.String(), Type.Null()], { description: 'Set when the order is cancelled' }),
    version: Type.Integer({
      minimum: 1,
      description: '1 at placement, +1 per change; the ETag is this number, quoted',
    }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Order', description: 'An order and where it is in its lifecycle' },
);
export type OrderJson = Static<typeof OrderSchema>;

/** The id of the order the OpenAPI examples follow through its lifecycle (order-examples.ts). */
export const EXAMPLE_ORDER_ID = '0b6f5a1e-8d2c-4f3b-9a7e-5c1d2e3f4a5b';

export const OrderIdParamsSchema = Type.Object({
  id: Type.String({ description: 'The order id (UUID)', examples: [EXAMPLE_ORDER_ID] }),
});

export const ListOrdersQuerySchema = Type.Object(
  {
    customerId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: CUSTOMER_ID_MAX_LENGTH,
        description: 'Only the orders of this customer',
        examples: ['c-1'],
      }),
    ),
    status: Type.Optional(OrderStatusSchema),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: PAGE_SIZE_MAX,
        default: PAGE_SIZE_DEFAULT,
        description: 'The page size',
        examples: [10],
      }),
    ),
    cursor: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'The nextCursor of the previous page' }),
    ),
  },
  { additionalProperties: false },
);

export const IfMatchHeadersSchema = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      description: 'The ETag of the version the change is based on, e.g. "3"; a stale one is refused with 412',
      examples: ['"1"'],
    }),
  ),
});

export const IfNoneMatchHeadersSchema = Type.Object({
  'if-none-match': Type.Optional(
    Type.String({
      description: 'The ETag the caller holds; 304 without a body while the order is still at it',
      examples: ['"1"'],
    }),
  ),
});

export const IdempotencyHeadersSchema = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      description: '1..255 printable ASCII characters; a repeat with the same key and body replays the first answer',
      examples: ['7c1e4b2a-order-c-1'],
    }),
  ),
});
