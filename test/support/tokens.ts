import type { FastifyInstance, InjectOptions } from 'fastify';
import { BearerAuthentication } from '../../src/adapters/http/bearer-authentication.js';
import { DEVELOPMENT_SECRET } from '../../src/adapters/http/authentication-config.js';
import { signToken } from '../../src/adapters/http/token-signing.js';

/** The tenant every test acts in unless it says otherwise. */
export const TEST_TENANT = 'tenant-a';

/** Who a test token speaks for (SPEC §9's claims). */
export interface TokenClaims {
  readonly sub: string;
  readonly tenant?: string;
  readonly roles?: readonly string[];
}

export interface TokenOptions {
  /** Signs with this secret instead of the development secret, which a loopback test server accepts. */
  readonly secret?: string;
  /** Seconds until `exp`, from now; negative for a token that has expired. */
  readonly ttlSeconds?: number;
  readonly issuer?: string;
  readonly audience?: string;
}

/** Staff of the test tenant: may do everything there, which is what most tests of the API need. */
export const STAFF: TokenClaims = { sub: 'staff-1', tenant: TEST_TENANT, roles: ['staff'] };

/** A customer of the test tenant, `c-1`, the customer of `validOrder()`. */
export const CUSTOMER: TokenClaims = { sub: 'c-1', tenant: TEST_TENANT, roles: ['customer'] };

/** An HS256 token, signed as `npm run token` signs it. */
export async function tokenFor(claims: TokenClaims, options: TokenOptions = {}): Promise<string> {
  return signToken(
    { subject: claims.sub, tenant: claims.tenant ?? TEST_TENANT, roles: claims.roles ?? [] },
    {
      secret: options.secret ?? DEVELOPMENT_SECRET,
      ttlSeconds: options.ttlSeconds ?? 3600,
      ...(options.issuer !== undefined && { issuer: options.issuer }),
      ...(options.audience !== undefined && { audience: options.audience }),
    },
  );
}

/** The Authorization header value for these claims. */
export async function bearerFor(claims: TokenClaims, options: TokenOptions = {}): Promise<string> {
  return `Bearer ${await tokenFor(claims, options)}`;
}

/** The platform's authentication as a loopback server without AUTH_* has it, for tests that assemble the server. */
export const TEST_AUTHENTICATION = new BearerAuthentication({
  verifyWith: 'secret',
  secret: DEVELOPMENT_SECRET,
  development: true,
});

/** Makes `app.inject({...})` add the Authorization header unless the request names its own. */
export function speakFor(app: FastifyInstance, authorization: string): void {
  const inject = app.inject.bind(app) as (options: InjectOptions | string) => ReturnType<FastifyInstance['inject']>;
  const withToken = (options: InjectOptions | string): ReturnType<FastifyInstance['inject']> => {
    const request: InjectOptions = typeof options === 'string' ? { url: options } : options;
    const headers = (request.headers ?? {}) as Record<string, unknown>;
    const named = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
    return inject(named ? request : { ...request, headers: { ...headers, authorization } });
  };
  Object.assign(app, { inject: withToken });
}
