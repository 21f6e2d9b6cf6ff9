import { randomBytes } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, type Tracing } from '../../src/app/tracing.js';
import { ORDER_OUTBOX, type OrderOutbox, type PendingDelivery } from '../../src/ports/outbound/order-outbox.js';
import { buildTestApp } from '../support/test-app.js';
import { resetTracing } from '../support/tracing.js';

/**
 * SPEC §10 with OTEL_EXPORTER_OTLP_ENDPOINT unset: the service adds no span of its own and keeps no trace context,
 * even in a process where an OpenTelemetry SDK is running (the server process does not even start one).
 */
describe('tracing off', () => {
  const exporter = new tracing.InMemorySpanExporter();
  const processor = new tracing.SimpleSpanProcessor(exporter);
  let sdk: Tracing;
  let app: FastifyInstance;
  let outbox: OrderOutbox;

  beforeAll(async () => {
    sdk = startTracing({ spanProcessors: [processor] });
    const built = await buildTestApp({ env: { ORDERS_REPOSITORY: 'memory', OUTBOX_RELAY: 'false' } });
    app = built.app;
    outbox = built.container.get(ORDER_OUTBOX);
  });

  afterAll(async () => {
    await app?.close();
    await sdk?.shutdown();
    resetTracing();
  });

  it("records no span for a request, even one continuing a caller's trace, and its event carries no trace context", async () => {
    const traceparent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
    const response = await app.inject({
      method: 'POST',
      url: '/orders',
      headers: { traceparent },
      payload: {
        customerId: 'c-1',
        customerEmail: 'ada@example.com',
        items: [{ sku: 'A-1', quantity: 1, unitPrice: 100 }],
      },
    });
    expect(response.statusCode).toBe(201);

    const owed: PendingDelivery[] = [];
    await outbox.claimDue('email', 10, new Date(), async (due) => {
      owed.push(...due);
      return [];
    });
    expect(owed).toHaveLength(1);
    expect(owed[0]?.event).not.toHaveProperty('traceParent');
    await processor.forceFlush();
    expect(exporter.getFinishedSpans()).toEqual([]);
    // The SDK itself records: a span started here is exported.
    trace.getTracer('control').startSpan('control').end();
    await processor.forceFlush();
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['control']);
  });
});
