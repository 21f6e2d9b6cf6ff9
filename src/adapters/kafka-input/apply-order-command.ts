import type { OrderError } from '../../domain/model/errors/order-error.js';
import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { Result } from '../../domain/model/result.js';
import type { OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import type { OrderCommandRecord } from './order-command-record.js';

/** Applies a record's command through the inbound port REST and GraphQL call for the same change. */
export function applyOrderCommand(
  useCases: OrderUseCases,
  { type, actor, command }: OrderCommandRecord,
): Promise<Result<OrderSnapshot, OrderError>> {
  switch (type) {
    case 'PaymentCaptured':
      return useCases.confirmOrder.execute(actor, command);
    case 'ShipmentDispatched':
      return useCases.shipOrder.execute(actor, command);
    case 'ShipmentDelivered':
      return useCases.deliverOrder.execute(actor, command);
    case 'OrderCancellationRequested':
      return useCases.cancelOrder.execute(actor, command);
  }
}
