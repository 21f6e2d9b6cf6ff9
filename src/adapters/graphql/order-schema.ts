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
    "Whom the order is for: a customer may leave it out (it is then themselves); staff must name one"
    customerId: String
    customerEmail: String!
    items: [OrderItemInput!]!
    currency: String
  }

  """
  Reads of the orders the caller may see. Every operation needs a bearer token: in GraphiQL, put
  {"authorization": "Bearer <token>"} in the Headers pane (npm run token prints one); over WebSocket, send the same
  object as the connection_init payload.
  """
  type Query {
    "The order with this id, or null"
    order(id: ID!): Order
    "Orders the caller may see, newest first: a customer's own, or all of staff's tenant"
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
    "Each change of an order the caller may see, filtered by order id or by customer"
    orderUpdated(id: ID, customerId: String): Order!
  }
`;
