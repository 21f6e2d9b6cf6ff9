import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryTargets } from '../support/repository-targets.js';
import { buildTestApp } from '../support/test-app.js';

interface OrderJson {
  id: string;
  status: string;
  version: number;
}

const CHANGES = ['confirm', 'ship', 'deliver', 'cancel'] as const;
/** Which status each accepted change leads to, and from where (SPEC §3). */
const FROM: Record<(typeof CHANGES)[number], readonly string[]> = {
  confirm: ['pending'],
  ship: ['confirmed'],
  deliver: ['shipped'],
  cancel: ['pending', 'confirmed'],
};
const TO: Record<(typeof CHANGES)[number], string> = {
  confirm: 'confirmed',
  ship: 'shipped',
  deliver: 'delivered',
  cancel: 'cancelled',
};

describe.each(repositoryTargets())('50 concurrent transitions of one order on the $name repository', (target) => {
  let app: FastifyInstance;
  target.use();

  beforeAll(async () => {
    ({ app } = await buildTestApp({ env: { ...target.env(), RATE_LIMIT_MAX: '0' } }));
  });

  afterAll(async () => {
    await app.close();
  });

  it.each([1, 2, 3])(
    'raise the version by exactly one per accepted change, refuse the rest with 409 or 412, never 500 (round %i)',
    async (round) => {
      const placed = await app.inject({
        method: 'POST',
        url: '/orders',
        payload: {
          customerId: `c-race-${round}`,
          customerEmail: 'ada@example.com',
          items: [{ sku: 'A', quantity: 1, unitPrice: 100 }],
        },
      });
      const { id } = placed.json<OrderJson>();

      // Half name the version they saw (If-Match "1"), half do not; the changes cover every transition.
      // The unpinned ones walk the happy path again and again, so several can be accepted one after another.
      const happyPath = ['confirm', 'ship', 'deliver'] as const;
      const requests = Array.from({ length: 50 }, (_, index) => {
        const pinned = index % 2 === 0;
        const change = pinned
          ? CHANGES[(index + round) % CHANGES.length]!
          : happyPath[Math.floor(index / 2) % happyPath.length]!;
        return { change, pinned };
      });
      // Staggered by a few milliseconds, so some requests overlap a commit and others start after it.
      const responses = await Promise.all(
        requests.map(async ({ change, pinned }, index) => {
          await new Promise((resolve) => setTimeout(resolve, (index % 10) * 3));
          return app.inject({
            method: 'POST',
            url: `/orders/${id}/${change}`,
            headers: pinned ? { 'if-match': '"1"' } : {},
          });
        }),
      );

      const statuses = responses.map((response) => response.statusCode);
      expect(statuses.every((status) => [200, 409, 412].includes(status))).toBe(true);
      const accepted = responses
        .filter((response) => response.statusCode === 200)
        .map((response) => response.json<OrderJson>());
      // Every accepted change answered a distinct version, 2, 3, ... with no gap.
      const versions = accepted.map((order) => order.version).sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: accepted.length }, (_, index) => index + 2));
      for (const [index, response] of responses.entries()) {
        if (response.statusCode === 412) expect(requests[index]?.pinned).toBe(true);
        if (response.statusCode !== 200)
          expect(response.json<{ code: string }>().code).toMatch(/^(INVALID_TRANSITION|VERSION_MISMATCH)$/);
      }

      const final = (await app.inject({ method: 'GET', url: `/orders/${id}` })).json<OrderJson>();
      expect(final.version).toBe(1 + accepted.length);
      // Replaying the accepted changes in version order walks a legal path to the final status.
      let status = 'pending';
      for (const order of [...accepted].sort((a, b) => a.version - b.version)) {
        const change = CHANGES.find((candidate) => TO[candidate] === order.status)!;
        expect(FROM[change]).toContain(status);
        status = order.status;
      }
      expect(final.status).toBe(status);
      console.info(
        `[concurrency ${target.name}] round ${round}: ${accepted.length} accepted, ${statuses.filter((s) => s === 409).length} × 409, ${statuses.filter((s) => s === 412).length} × 412, final ${final.status} v${final.version}`,
      );
    },
  );
});
