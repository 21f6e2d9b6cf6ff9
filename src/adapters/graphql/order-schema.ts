/** The GraphQL contract of SPEC §5, word for word. */
export const orderSchema = /* GraphQL */ `
  scalar DateTime

  enum OrderStatus {
    PENDING
    CONFIRMED
    SHIPPED
    DELIVERED
    CANCELLED
  }

  type OrderItem {
    sku: String!
    quantity: Int!
    "In minor units of the currency (cents)"
    unitPrice: Int!
  }

  type Order {
    id: ID!
    customerId: String!
    customerEmail: String!
    status: OrderStatus!
    items: [OrderItem!]!
    currency: String!
    "Sum of quantity × unitPrice, in minor units"
    total: Int!
    version: Int!
    cancellationReason: String
    createdAt: DateTime!
    updatedAt: DateTime!
  }

  type OrderPage {
    items: [Order!]!
    nextCursor: String
  }

  input OrderItemInput {
    sku: String!
    quantity: Int!
    unitPrice: Int!
  }

  input PlaceOrderInput {
    customerId: String!
    customerEmail: String!
    items: [OrderItemInput!]!
    currency: String
  }

  type Query {
    "The order with this id, or null"
    order(id: ID!): Order
    "Orders, newest first"
    orders(customerId: String, status: OrderStatus, first: Int = 20, after: String): OrderPage!
  }

  type Mutation {
    placeOrder(input: PlaceOrderInput!, idempotencyKey: String): Order!
    confirmOrder(id: ID!, expectedVersion: Int): Order!
    shipOrder(id: ID!, expectedVersion: Int): Order!
    deliverOrder(id: ID!, expectedVersion: Int): Order!
    cancelOrder(id: ID!, reason: String, expectedVersion: Int): Order!
  }

  type Subscription {
    "Each change of an order, filtered by order id or by customer"
    orderUpdated(id: ID, customerId: String): Order!
  }
`;
