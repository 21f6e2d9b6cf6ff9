import { SignJWT } from 'jose';
import type { ActorClaims } from '../../domain/model/actor.js';

export interface SigningOptions {
  /** The HS256 secret the service verifies with. */
  readonly secret: string;
  /** Seconds from now until the token expires; negative for one already expired. */
  readonly ttlSeconds: number;
  readonly issuer?: string;
  readonly audience?: string;
}

/** A bearer token of SPEC §9 for these claims, as the service verifies it with a shared secret. */
export async function signToken(claims: ActorClaims, options: SigningOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ tenant: claims.tenant, roles: [...claims.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuedAt(now)
    .setExpirationTime(now + options.ttlSeconds);
  if (options.issuer !== undefined) jwt = jwt.setIssuer(options.issuer);
  if (options.audience !== undefined) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret));
}
