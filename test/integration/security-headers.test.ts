import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/test-app.js';
import { UNKNOWN_ID, expectProblem, validOrder } from './api-helpers.js';

/** Where app.inject's requests appear to come from, as a browser would see the pages. */
const ORIGIN = 'http://localhost';

type Policy = ReadonlyMap<string, readonly string[]>;

function policyOf(response: LightMyRequestResponse): Policy {
  const header = response.headers['content-security-policy'];
  expect(typeof header, `${response.statusCode} ${response.body.slice(0, 200)}`).toBe('string');
  const directives = new Map<string, readonly string[]>();
  for (const directive of String(header).split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** CSP Level 3 fallbacks for the fetch directives these pages use. */
const FALLBACKS: Readonly<Record<string, readonly string[]>> = {
  'script-src': ['script-src', 'default-src'],
  'style-src': ['style-src', 'default-src'],
  'img-src': ['img-src', 'default-src'],
  'font-src': ['font-src', 'default-src'],
  'connect-src': ['connect-src', 'default-src'],
  'worker-src': ['worker-src', 'child-src', 'script-src', 'default-src'],
};

function sourcesFor(policy: Policy, directive: string): readonly string[] {
  for (const name of FALLBACKS[directive] ?? [directive]) {
    const sources = policy.get(name);
    if (sources) return sources;
  }
  return ['*'];
}

/** Whether one source expression admits `url`, loaded by a page at `page` (CSP3 §6.7.2, the cases used here). */
function sourceMatches(source: string, url: URL, page: URL): boolean {
  if (source === "'self'") {
    const webSocket =
      (page.protocol === 'http:' && url.protocol === 'ws:') || (page.protocol === 'https:' && url.protocol === 'wss:');
    return url.host === page.host && (url.protocol === page.protocol || webSocket);
  }
  if (source.startsWith("'")) return false;
  if (/^[a-z][a-z0-9+.-]*:$/i.test(source)) return url.protocol === source.toLowerCase();
  const expression = new URL(source);
  if (expression.protocol !== url.protocol || expression.host !== url.host) return false;
  const hasPath = /^[a-z]+:\/\/[^/]+\/./i.test(source);
  if (!hasPath) return true;
  return source.endsWith('/') ? url.pathname.startsWith(expression.pathname) : url.pathname === expression.pathname;
}

function allows(policy: Policy, directive: string, url: URL, page: URL): boolean {
  return sourcesFor(policy, directive).some((source) => sourceMatches(source, url, page));
}

/** 'unsafe-inline' counts only when no nonce or hash is listed beside it. */
function allowsInline(policy: Policy, directive: string): boolean {
  const sources = sourcesFor(policy, directive);
  return (
    sources.includes("'unsafe-inline'") && !sources.some((source) => /^'(nonce|sha256|sha384|sha512)-/.test(source))
  );
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
}

interface PageAssets {
  readonly scripts: readonly URL[];
  readonly stylesheets: readonly URL[];
  readonly icons: readonly URL[];
  readonly inlineScripts: number;
  readonly inlineStyles: number;
}

function assetsOf(html: string, page: URL): PageAssets {
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
  const links = [...html.matchAll(/<link\b[^>]*>/g)].map((match) => match[0]);
  const href = (tag: string): URL => new URL(attribute(tag, 'href') ?? '', page);
  return {
    scripts: scripts.flatMap((tag) => {
      const src = attribute(tag, 'src');
      return src === undefined ? [] : [new URL(src, page)];
    }),
    inlineScripts: scripts.filter((tag) => attribute(tag, 'src') === undefined).length,
    stylesheets: links.filter((tag) => attribute(tag, 'rel') === 'stylesheet').map(href),
    icons: links.filter((tag) => attribute(tag, 'rel') === 'icon').map(href),
    inlineStyles: (html.match(/<style\b/g) ?? []).length,
  };
}

function expectStrictPolicy(policy: Policy): void {
  for (const [directive, sources] of policy) {
    expect(sources, directive).not.toContain("'unsafe-eval'");
    expect(sources, directive).not.toContain('*');
    expect(sources, directive).not.toContain('https:');
    expect(sources, directive).not.toContain('http:');
  }
  expect(policy.get('default-src')).toEqual(["'none'"]);
  expect(policy.get('object-src') ?? policy.get('default-src')).toEqual(["'none'"]);
  expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  expect(policy.get('base-uri')).toEqual(["'none'"]);
  expect(allowsInline(policy, 'script-src')).toBe(false);
}

describe('security headers (helmet)', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ app } = await buildTestApp({ env: { RATE_LIMIT_MAX: '0' } }));
  });

  afterAll(async () => {
    await app.close();
  });

  async function get(url: string): Promise<LightMyRequestResponse> {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
    return response;
  }

  function expectHelmetHeaders(response: LightMyRequestResponse): void {
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(response.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(response.headers['x-dns-prefetch-control']).toBe('off');
    expect(response.headers['x-permitted-cross-domain-policies']).toBe('none');
    expect(response.headers['x-request-id']).toBeTruthy();
  }

  it.each([
    ['a list', { method: 'GET', url: '/orders' }, 200],
    ['a placed order', { method: 'POST', url: '/orders', payload: validOrder() }, 201],
    ['a validation problem', { method: 'POST', url: '/orders', payload: {} }, 400],
    ['an unknown order', { method: 'GET', url: `/orders/${UNKNOWN_ID}` }, 404],
    ['an unknown route', { method: 'GET', url: '/no-such-route' }, 404],
    ['a GraphQL answer', { method: 'POST', url: '/graphql', payload: { query: '{ orders { nextCursor } }' } }, 200],
    ['the OpenAPI document', { method: 'GET', url: '/openapi.json' }, 200],
    ['a health probe', { method: 'GET', url: '/health/live' }, 200],
    ['the metrics', { method: 'GET', url: '/metrics' }, 200],
  ] as const)('puts them on %s, with a CSP that loads nothing', async (_name, request, status) => {
    const response = await app.inject(request);
    expect(response.statusCode, response.body).toBe(status);
    expectHelmetHeaders(response);
    const policy = policyOf(response);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect([...policy.keys()].filter((directive) => directive.endsWith('-src') && directive !== 'default-src')).toEqual(
      [],
    );
  });

  it('puts them on a 429 too', async () => {
    const { app: limited } = await buildTestApp({ env: { RATE_LIMIT_MAX: '1' } });
    try {
      await limited.inject({ method: 'GET', url: '/orders' });
      const refused = await limited.inject({ method: 'GET', url: '/orders' });
      expectProblem(refused, 429, 'RATE_LIMITED');
      expectHelmetHeaders(refused);
      expect(policyOf(refused).get('default-src')).toEqual(["'none'"]);
    } finally {
      await limited.close();
    }
  });

  describe('Swagger UI at /docs', () => {
    const page = new URL('/docs', ORIGIN);

    it('loads, with a policy admitting every script, stylesheet and icon the page references, and they load', async () => {
      const response = await get('/docs');
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expectHelmetHeaders(response);
      const policy = policyOf(response);
      expectStrictPolicy(policy);
      const assets = assetsOf(response.body, page);

      expect(assets.scripts.map((url) => url.pathname)).toEqual(
        expect.arrayContaining(['/docs/static/swagger-ui-bundle.js', '/docs/static/swagger-initializer.js']),
      );
      expect(assets.inlineScripts).toBe(0);
      expect(assets.inlineStyles).toBe(0);
      for (const script of assets.scripts) {
        expect(allows(policy, 'script-src', script, page), script.href).toBe(true);
        expect((await get(script.pathname)).headers['content-type']).toMatch(/javascript/);
      }
      expect(assets.stylesheets.length).toBeGreaterThan(0);
      for (const stylesheet of assets.stylesheets) {
        expect(allows(policy, 'style-src', stylesheet, page), stylesheet.href).toBe(true);
        const css = await get(stylesheet.pathname);
        expect(css.headers['content-type']).toMatch(/^text\/css/);
        // Whatever the stylesheets pull in (icons inlined as data: URIs) is admitted too.
        for (const [, reference] of css.body.matchAll(/url\(\s*["']?([^"')]+)/g)) {
          expect(allows(policy, 'img-src', new URL(reference ?? '', stylesheet), page), reference?.slice(0, 40)).toBe(
            true,
          );
        }
      }
      for (const icon of assets.icons) {
        expect(allows(policy, 'img-src', icon, page), icon.href).toBe(true);
        await get(icon.pathname);
      }
    });

    it('admits what its initializer fetches: the OpenAPI document, the inlined logo, and calls to the API', async () => {
      const policy = policyOf(await get('/docs'));
      const initializer = await get('/docs/static/swagger-initializer.js');
      expect(initializer.body).toContain("resolveUrl('./json')");
      const spec = new URL('/docs/json', ORIGIN);
      expect(allows(policy, 'connect-src', spec, page)).toBe(true);
      expect((await get(spec.pathname)).json<{ openapi: string }>().openapi).toBe('3.1.0');
      expect(initializer.body).toMatch(/data:image\/svg\+xml;base64,/);
      expect(allows(policy, 'img-src', new URL('data:image/svg+xml;base64,AA=='), page)).toBe(true);
      expect(allows(policy, 'connect-src', new URL('/orders', ORIGIN), page)).toBe(true);
      expect(allows(policy, 'connect-src', new URL('https://elsewhere.example/orders'), page)).toBe(false);
    });

    it('gives its assets the same policy as the page', async () => {
      const policy = policyOf(await get('/docs'));
      for (const url of ['/docs/static/swagger-ui-bundle.js', '/docs/static/swagger-ui.css', '/docs/json']) {
        expect(policyOf(await get(url)), url).toEqual(policy);
      }
    });
  });

  describe('GraphiQL at /graphiql', () => {
    const page = new URL('/graphiql', ORIGIN);

    it('loads, with a policy admitting its scripts and stylesheets from this server only, and they load', async () => {
      const response = await get('/graphiql');
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expectHelmetHeaders(response);
      const policy = policyOf(response);
      expectStrictPolicy(policy);
      const assets = assetsOf(response.body, page);

      expect(assets.scripts.map((url) => url.pathname)).toEqual([
        '/graphiql/react.production.min.js',
        '/graphiql/react-dom.production.min.js',
        '/graphiql/graphiql.min.js',
        '/graphiql/graphiql-page.js',
      ]);
      expect(assets.inlineScripts).toBe(0);
      expect(assets.inlineStyles).toBe(0);
      expect(assets.stylesheets.map((url) => url.pathname)).toEqual([
        '/graphiql/graphiql.min.css',
        '/graphiql/graphiql-page.css',
      ]);
      for (const script of assets.scripts) {
        expect(allows(policy, 'script-src', script, page), script.href).toBe(true);
        expect((await get(script.pathname)).headers['content-type']).toMatch(/^text\/javascript/);
      }
      for (const stylesheet of assets.stylesheets) {
        expect(allows(policy, 'style-src', stylesheet, page), stylesheet.href).toBe(true);
        const css = await get(stylesheet.pathname);
        expect(css.headers['content-type']).toMatch(/^text\/css/);
        // graphiql.min.css embeds its fonts and icons as data: URIs.
        for (const [, reference] of css.body.matchAll(/url\(\s*["']?([^"')]+)/g)) {
          const url = new URL(reference ?? '', stylesheet);
          expect(url.protocol, reference?.slice(0, 40)).toBe('data:');
          expect(allows(policy, 'font-src', url, page) || allows(policy, 'img-src', url, page)).toBe(true);
        }
      }
    });

    it('names no origin but its own: no CDN may serve it a script, a stylesheet or a connection', async () => {
      const policy = policyOf(await get('/graphiql'));
      for (const directive of ['script-src', 'style-src', 'connect-src']) {
        expect(
          sourcesFor(policy, directive).filter((source) => !source.startsWith("'")),
          directive,
        ).toEqual([]);
        const cdn = new URL('https://unpkg.com/graphiql@3.8.3/graphiql.min.js');
        expect(allows(policy, directive, cdn, page), directive).toBe(false);
      }
      expect(sourcesFor(policy, 'script-src')).toEqual(["'self'"]);
      // GraphiQL's dialogs insert <style> elements of their own, with no nonce.
      expect(sourcesFor(policy, 'style-src')).toEqual(["'self'", "'unsafe-inline'"]);
      expect(policy.has('worker-src')).toBe(false);
    });

    it('admits the GraphQL endpoint over HTTP and WebSocket, and nothing elsewhere', async () => {
      const policy = policyOf(await get('/graphiql'));
      const script = await get('/graphiql/graphiql-page.js');
      expect(script.body).toContain("new URL('/graphql', window.location.href)");
      expect(allows(policy, 'connect-src', new URL('/graphql', ORIGIN), page)).toBe(true);
      expect(allows(policy, 'connect-src', new URL('/graphql', 'ws://localhost'), page)).toBe(true);
      expect(allows(policy, 'connect-src', new URL('https://elsewhere.example/graphql'), page)).toBe(false);
    });

    it('gives its files the same policy as the page, cached for an hour, and serves no service worker', async () => {
      const policy = policyOf(await get('/graphiql'));
      for (const url of ['/graphiql/graphiql.min.js', '/graphiql/graphiql.min.css', '/graphiql/graphiql-page.js']) {
        const file = await get(url);
        expect(policyOf(file), url).toEqual(policy);
        expect(file.headers['cache-control'], url).toBe('public, max-age=3600');
      }
      expect((await app.inject({ method: 'GET', url: '/graphiql/sw.js' })).statusCode).toBe(404);
    });
  });
});
