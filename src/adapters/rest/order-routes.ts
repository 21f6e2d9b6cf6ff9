import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { cancelOrderRoutes } from './cancel-order-routes.js';
import { changeOrderRoutes } from './change-order-routes.js';
import { getOrderRoute } from './get-order-route.js';
import { listOrdersRoute } from './list-orders-route.js';
import type { OrderRoutesOptions } from './order-routes-options.js';
import { placeOrderRoute } from './place-order-route.js';

/** The order resource of SPEC §4; each handler calls one use case and translates its result. */
export const orderRoutes: FastifyPluginAsyncTypebox<OrderRoutesOptions> = async (app, options) => {
  await app.register(placeOrderRoute, options);
  await app.register(getOrderRoute, options);
  await app.register(listOrdersRoute, options);
  await app.register(changeOrderRoutes, options);
  await app.register(cancelOrderRoutes, options);
};
