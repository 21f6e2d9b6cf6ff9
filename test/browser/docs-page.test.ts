import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, chromiumPages, PAGE_TEST_MS, SHOWN_MS, type ServicePage } from '../support/browser.js';
import { buildTestApp } from '../support/test-app.js';
import { CUSTOMER, tokenFor } from '../support/tokens.js';

/** The operations of a path item, as OpenAPI names them. */
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

describe.skipIf(!chromiumAvailable)(
  'Swagger UI at /docs, in Chromium with no network but the service',
  { timeout: PAGE_TEST_MS },
  () => {
    let app: FastifyInstance;
    let origin: string;
    const openPage = chromiumPages(() => origin);

    beforeAll(async () => {
      ({ app } = await buildTestApp());
      await app.listen({ port: 0, host: '127.0.0.1' });
      origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await app.close();
    });

    /** Opens /docs and waits for Swagger UI to have drawn the operations of the OpenAPI document. */
    async function openDocs(): Promise<ServicePage> {
      const docs = await openPage();
      await docs.goto('/docs');
      await docs.page.locator('.opblock').first().waitFor({ timeout: SHOWN_MS });
      return docs;
    }

    function expectOnlyTheService(docs: ServicePage): void {
      expect(docs.foreignRequests).toEqual([]);
      expect(docs.consoleErrors).toEqual([]);
    }

    it('shows every operation of the OpenAPI document, loading nothing from elsewhere', async () => {
      const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApiDocument>();
      const documented = Object.entries(document.paths).flatMap(([path, item]) =>
        METHODS.filter((method) => method in item).map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(documented.length).toBeGreaterThanOrEqual(10);

      const docs = await openDocs();
      const shown: string[] = [];
      for (const summary of await docs.page.locator('.opblock-summary').all()) {
        const method = await summary.locator('.opblock-summary-method').innerText();
        const path = await summary.locator('.opblock-summary-path').getAttribute('data-path');
        shown.push(`${method} ${path}`);
      }

      expect([...shown].sort()).toEqual([...documented].sort());
      await docs.illustrate('docs-page');
      expectOnlyTheService(docs);
    });

    it('places an order with "Try it out" on POST /orders, authorized with a customer token: 201', async () => {
      const docs = await openDocs();
      const { page } = docs;

      // Authorize takes the token alone, as `npm run token` prints it: Swagger UI adds "Bearer ".
      await page.getByRole('button', { name: 'Authorize' }).first().click();
      const dialog = page.locator('.modal-ux');
      await dialog.locator('input').fill(await tokenFor(CUSTOMER));
      await dialog.locator('button.authorize').click();
      await dialog.getByRole('button', { name: 'Close' }).click();

      const placeOrder = page.locator('#operations-orders-placeOrder');
      await placeOrder.locator('.opblock-summary-control').click();
      await placeOrder.getByRole('button', { name: 'Try it out' }).click();
      // The request body is the document's first example, an order of customer c-1: that customer may place it.
      expect(await placeOrder.locator('textarea.body-param__text').inputValue()).toContain('"customerId": "c-1"');
      const answer = page.waitForResponse(
        (response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/orders',
      );
      await placeOrder.getByRole('button', { name: 'Execute' }).click();
      expect((await answer).status()).toBe(201);

      const live = placeOrder.locator('.live-responses-table .response');
      await live.waitFor({ timeout: SHOWN_MS });
      expect((await live.locator('.response-col_status').innerText()).trim()).toBe('201');
      const body = await live.locator('.response-col_description pre').first().innerText();
      const placed = JSON.parse(body) as { id: string; customerId: string; status: string };
      expect(placed).toMatchObject({ customerId: 'c-1', status: 'pending' });
      expect((await app.inject({ method: 'GET', url: `/orders/${placed.id}` })).statusCode).toBe(200);
      expectOnlyTheService(docs);
    });
  },
);
