import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { startServer } from '../support/server-process.js';
import { bearerFor, STAFF } from '../support/tokens.js';

describe.skipIf(!postgresAvailable)('SIGTERM during a burst of 200 requests, on PostgreSQL', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await TestDatabase.create();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('completes every accepted request normally, exits 0 within 10 s, and loses no acknowledged order or event', async () => {
    const env = { ORDERS_REPOSITORY: 'postgres', DATABASE_URL: database.url, RATE_LIMIT_MAX: '0' };
    const server = await startServer(env);
    const customerId = `c-shutdown-${randomUUID()}`;
    const authorization = await bearerFor(STAFF);
    const outcomes: ({ status: number; id?: string } | { error: string })[] = [];

    const burst = Array.from({ length: 200 }, async (_, index) => {
      // Spread over ~100 ms so the signal lands in the middle of the burst.
      await new Promise((resolve) => setTimeout(resolve, index / 2));
      try {
        const response = await fetch(`${server.url}/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify({
            customerId,
            customerEmail: 'ada@example.com',
            items: [{ sku: 'A', quantity: 1, unitPrice: 100 }],
          }),
        });
        const body = (await response.json()) as { id?: string };
        outcomes.push({ status: response.status, ...(body.id !== undefined && { id: body.id }) });
      } catch (error) {
        outcomes.push({
          error:
            error instanceof Error
              ? error.cause instanceof Error
                ? error.cause.message
                : error.message
              : String(error),
        });
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const signalled = Date.now();
    const exit = server.stop();
    await Promise.all(burst);
    const code = await exit;
    const took = Date.now() - signalled;

    const answered = outcomes.filter((outcome): outcome is { status: number; id?: string } => 'status' in outcome);
    const refused = outcomes.filter((outcome): outcome is { error: string } => 'error' in outcome);
    console.info(
      `[shutdown] ${answered.length} answered (all 201: ${answered.every((o) => o.status === 201)}), ${refused.length} refused at connect, exit ${code} after ${took} ms`,
    );
    if (code !== 0) console.info(server.logs.slice(-15).join('\n'));
    expect(code).toBe(0);
    expect(took).toBeLessThan(10_000);
    // A request the server took in was finished as usual; the rest never got in.
    expect(answered.every((outcome) => outcome.status === 201)).toBe(true);
    expect(refused.every((outcome) => /ECONNREFUSED|ECONNRESET|other side closed|socket/i.test(outcome.error))).toBe(
      true,
    );
    expect(answered.length).toBeGreaterThan(0);

    const acknowledged = answered.map((outcome) => outcome.id!);
    const stored = await database.owner('orders').where({ customer_id: customerId }).pluck<string[]>('id');
    expect(new Set(stored)).toEqual(new Set(acknowledged));
    const events = await database
      .owner('order_events')
      .whereIn('order_id', acknowledged)
      .where({ type: 'OrderPlaced' })
      .pluck<string[]>('order_id');
    expect(new Set(events)).toEqual(new Set(acknowledged));
  }, 60_000);
});
