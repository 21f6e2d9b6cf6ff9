import { SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { OrderUseCases } from '../ports/inbound/order-use-cases.js';

const tracer = trace.getTracer('hexagonal-orders');

/** The code of a refusal (`{ ok: false, error: { code } }`, the core's Result), or undefined for anything else. */
function refusalCode(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null || !('ok' in result) || result.ok !== false) return undefined;
  if (!('error' in result) || typeof result.error !== 'object' || result.error === null) return undefined;
  return 'code' in result.error && typeof result.error.code === 'string' ? result.error.code : undefined;
}

/** Runs one call of a use case as the active span `name`; a refusal marks it failed with the domain error's code. */
function inSpan<R>(name: string, run: () => Promise<R>): Promise<R> {
  return tracer.startActiveSpan(name, async (span: Span) => {
    try {
      const result = await run();
      const code = refusalCode(result);
      if (code !== undefined) {
        span.setAttribute('error.type', code);
        span.setStatus({ code: SpanStatusCode.ERROR, message: code });
      }
      return result;
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * The inbound ports with a span around each call, named after the use case (SPEC §10): the core stays free of
 * tracing, and with tracing off this decorator is not there at all. The repository's SQL runs inside the span.
 */
export function tracedUseCases(useCases: OrderUseCases): OrderUseCases {
  const { placeOrder, getOrder, listOrders, confirmOrder, shipOrder, deliverOrder, cancelOrder, checkReadiness } =
    useCases;
  return {
    placeOrder: { execute: (actor, command) => inSpan('PlaceOrder', () => placeOrder.execute(actor, command)) },
    getOrder: { execute: (actor, query) => inSpan('GetOrder', () => getOrder.execute(actor, query)) },
    listOrders: { execute: (actor, query) => inSpan('ListOrders', () => listOrders.execute(actor, query)) },
    confirmOrder: { execute: (actor, command) => inSpan('ConfirmOrder', () => confirmOrder.execute(actor, command)) },
    shipOrder: { execute: (actor, command) => inSpan('ShipOrder', () => shipOrder.execute(actor, command)) },
    deliverOrder: { execute: (actor, command) => inSpan('DeliverOrder', () => deliverOrder.execute(actor, command)) },
    cancelOrder: { execute: (actor, command) => inSpan('CancelOrder', () => cancelOrder.execute(actor, command)) },
    checkReadiness: { execute: () => inSpan('CheckReadiness', () => checkReadiness.execute()) },
  };
}
