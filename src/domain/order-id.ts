// Ids are UUIDs assigned by the service; anything else cannot name an order.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` has the shape of an order id. */
export function isOrderId(value: string): boolean {
  return UUID.test(value);
}
