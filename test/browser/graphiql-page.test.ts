import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Locator, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, chromiumPages, PAGE_TEST_MS, SHOWN_MS, type ServicePage } from '../support/browser.js';
import { watchRegistrations } from '../support/subscription-queue.js';
import { buildTestApp } from '../support/test-app.js';
import { bearerFor, CUSTOMER } from '../support/tokens.js';

// Written as someone would type them, one field a line: the README's picture of the page shows them.
const PLACE_ORDER = `mutation PlaceOrder {
  placeOrder(input: {
    customerEmail: "ada@example.com"
    items: [{sku: "BOOK-42", quantity: 2, unitPrice: 1250}]
  }) {
    id
    customerId
    status
    total
  }
}`;

const orderQuery = (id: string): string => `query Order {
  order(id: "${id}") {
    id
    status
    total
  }
}`;

const orderUpdates = (id: string): string => `subscription OrderUpdates {
  orderUpdated(id: "${id}") {
    id
    status
    version
  }
}`;

describe.skipIf(!chromiumAvailable)(
  'GraphiQL at /graphiql, in Chromium with no network but the service',
  { timeout: PAGE_TEST_MS },
  () => {
    let app: FastifyInstance;
    let origin: string;
    let registered: (count: number) => Promise<void>;
    const openPage = chromiumPages(() => origin);

    beforeAll(async () => {
      ({ app } = await buildTestApp());
      registered = watchRegistrations(app);
      await app.listen({ port: 0, host: '127.0.0.1' });
      origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await app.close();
    });

    /** The text of a CodeMirror editor as the page shows it. */
    async function textOf(editor: Locator): Promise<string> {
      return (await editor.locator('.CodeMirror-code').innerText()).replace(/\u200b/g, '');
    }

    /** Replaces what an editor holds, as pasting would: no key presses, so no brackets closed for us. */
    async function replaceText(graphiql: ServicePage, editor: Locator, text: string): Promise<void> {
      await editor.locator('.CodeMirror').click();
      await graphiql.page.keyboard.press('ControlOrMeta+A');
      await graphiql.page.keyboard.insertText(text);
    }

    /** The query GraphiQL has taken in: it reads the editor 100 ms after a change, and runs what it read. */
    async function readQuery(graphiql: ServicePage): Promise<string | null> {
      return graphiql.page.evaluate<string | null>("window.localStorage.getItem('graphiql:query')");
    }

    /** Puts `document` in the query editor and runs it, once GraphiQL has read it. */
    async function start(graphiql: ServicePage, document: string): Promise<void> {
      await replaceText(graphiql, graphiql.page.locator('.graphiql-query-editor'), document);
      await expect.poll(() => readQuery(graphiql), { timeout: SHOWN_MS }).toBe(document);
      await graphiql.page.getByRole('button', { name: /^Execute query/ }).click();
    }

    /** Runs `document` from the query editor and waits for the result pane to show `expected`. */
    async function run(graphiql: ServicePage, document: string, expected: RegExp): Promise<string> {
      await start(graphiql, document);
      const response = graphiql.page.locator('.graphiql-response');
      await expect.poll(() => textOf(response), { timeout: SHOWN_MS }).toMatch(expected);
      return textOf(response);
    }

    /** Whether a request is the schema's introspection. */
    function isIntrospection(request: Request): boolean {
      return (
        new URL(request.url()).pathname === '/graphql' && (request.postData() ?? '').includes('IntrospectionQuery')
      );
    }

    /** Opens the page and enters a customer's token in the Headers pane, as the README says; the schema then loads. */
    async function signedIn(): Promise<ServicePage> {
      const graphiql = await openPage();
      await graphiql.goto('/graphiql');
      const introspection = graphiql.page.waitForResponse((response) => isIntrospection(response.request()));
      const headers = graphiql.page.locator('.graphiql-editor-tool .graphiql-editor:visible');
      await replaceText(graphiql, headers, JSON.stringify({ authorization: await bearerFor(CUSTOMER) }, null, 2));
      const schema = await introspection;
      expect(schema.status()).toBe(200);
      expect(await schema.text()).toContain('"__schema"');
      return graphiql;
    }

    function expectOnlyTheService(graphiql: ServicePage): void {
      expect(graphiql.foreignRequests).toEqual([]);
      expect(graphiql.consoleErrors).toEqual([]);
    }

    it('loads the editor from the service alone, saying how to pass a token, and sends nothing without one', async () => {
      const graphiql = await openPage();
      const sent: string[] = [];
      graphiql.page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/graphql') sent.push(request.postData() ?? request.url());
      });
      await graphiql.goto('/graphiql');
      const query = graphiql.page.locator('.graphiql-query-editor');
      await expect.poll(() => textOf(query), { timeout: SHOWN_MS }).toContain('{"authorization": "Bearer <token>"}');
      expect(await textOf(query)).toContain('npm run token');
      expect(await graphiql.page.getByRole('button', { name: 'Headers', exact: true }).isVisible()).toBe(true);
      expect(await graphiql.page.locator('.graphiql-editor-tool .graphiql-editor:visible').count()).toBe(1);

      // A dialog inserts a <style> element of its own, which the page's policy must admit.
      await graphiql.page.getByRole('button', { name: 'Open settings dialog' }).click();
      expect(await graphiql.page.getByRole('dialog').innerText()).toContain('Persist headers');
      await graphiql.page.keyboard.press('Escape');

      expect(sent).toEqual([]);
      expectOnlyTheService(graphiql);
    });

    it('places an order with a mutation, then reads it back with order(id), with the token from the Headers pane', async () => {
      const graphiql = await signedIn();

      const placed = await run(graphiql, PLACE_ORDER, /"status": "PENDING"/);
      const id = /"id": "([0-9a-f-]{36})"/.exec(placed)?.[1] ?? '';
      expect(placed).toContain('"customerId": "c-1"');
      expect(placed).toContain('"total": 2500');
      const stored = await app.inject({ method: 'GET', url: `/orders/${id}` });
      expect(stored.json<{ status: string }>().status).toBe('pending');

      const read = await run(graphiql, orderQuery(id), new RegExp(`"id": "${id}"`));
      expect(read).toMatch(/"status": "PENDING"[\s\S]*"total": 2500/);
      await graphiql.illustrate('graphiql-page');
      expectOnlyTheService(graphiql);
    });

    it('runs a subscription from the page that receives an order confirmed over REST', async () => {
      const graphiql = await signedIn();
      const placed = await run(graphiql, PLACE_ORDER, /"status": "PENDING"/);
      const id = /"id": "([0-9a-f-]{36})"/.exec(placed)?.[1] ?? '';

      const socket = graphiql.page.waitForEvent('websocket');
      await start(graphiql, orderUpdates(id));
      expect(new URL((await socket).url()).pathname).toBe('/graphql');
      // Until the server has registered the subscription, a change would reach no one.
      await registered(1);

      const confirmed = await app.inject({ method: 'POST', url: `/orders/${id}/confirm` });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      const response = graphiql.page.locator('.graphiql-response');
      await expect.poll(() => textOf(response), { timeout: SHOWN_MS }).toMatch(/"status": "CONFIRMED"/);
      expect(await textOf(response)).toContain(`"id": "${id}"`);
      expectOnlyTheService(graphiql);
    });
  },
);
