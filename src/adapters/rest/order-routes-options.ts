import type { OrderUseCases } from '../../ports/inbound/order-use-cases.js';

/** What each route plugin of the order resource is given: the use cases it calls. */
export interface OrderRoutesOptions {
  readonly useCases: OrderUseCases;
}
