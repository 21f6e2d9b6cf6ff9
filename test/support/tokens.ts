import { SignJWT } from 'jose';
import { DEVELOPMENT_SECRET } from '../../src/adapters/http/authentication-config.js';

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
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ tenant: claims.tenant ?? TEST_TENANT, roles: [...(claims.roles ?? [])] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.ttlSeconds ?? 3600));
  if (options.issuer !== undefined) jwt = jwt.setIssuer(options.issuer);
  if (options.audience !== undefined) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret ?? DEVELOPMENT_SECRET));
}

/** The Authorization header value for these claims. */
export async function bearerFor(claims: TokenClaims, options: TokenOptions = {}): Promise<string> {
  return `Bearer ${await tokenFor(claims, options)}`;
}
