import { webcrypto } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { parseActor, type Actor } from '../../domain/model/actor.js';
import { fail, ok, type Result } from '../../domain/model/result.js';
import { DependencyUnavailableError } from '../../ports/outbound/dependency-unavailable-error.js';
import type { AuthenticationConfig } from './authentication-config.js';

/** SPEC §9: a token's clock may run at most this far from ours. */
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Tokens verified lately, so that a client sending the same token again costs a lookup, not a signature check.
 * An entry lives until the token expires, and never longer than a minute: a key withdrawn from the key set stops
 * being honoured within that minute. The bound keeps a flood of distinct valid tokens from holding memory.
 */
const VERIFIED_TOKENS = { max: 10_000, maxTtlMs: 60_000 } as const;

/** Why a request was not authenticated, worded for whoever sent it; `presented` says whether there was a token. */
export interface AuthenticationFailure {
  readonly presented: boolean;
  readonly reason: string;
}

/** What a request without a token is told. */
export const NO_TOKEN = 'Send a bearer token: Authorization: Bearer <JWT>';

const BEARER = /^Bearer +([A-Za-z0-9\-_.~+/]+=*) *$/i;

/**
 * Turns an `Authorization: Bearer <JWT>` header into the actor the core acts for. jose verifies the signature,
 * `exp`, `iss` and `aud`, refuses `alg: none`, and for a key set caches the keys and refetches on an unknown `kid`
 * (key rotation) with a cooldown, so a flood of bad tokens cannot make it hammer the identity provider.
 */
export class BearerAuthentication {
  private readonly key: Promise<webcrypto.CryptoKey> | JWTVerifyGetKey;
  private readonly algorithms: string[];
  private readonly verified = new LRUCache<string, Actor>({ max: VERIFIED_TOKENS.max });

  constructor(private readonly config: AuthenticationConfig) {
    if (config.verifyWith === 'secret') {
      // Imported once: jose would import a raw secret again on every verification, at twice the cost.
      this.key = webcrypto.subtle.importKey(
        'raw',
        new TextEncoder().encode(config.secret),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['verify'],
      );
      this.algorithms = ['HS256'];
    } else {
      this.key = createRemoteJWKSet(config.jwksUrl);
      this.algorithms = ['RS256', 'ES256'];
    }
  }

  /** The actor of a header whose token was verified lately, without a signature check; undefined otherwise. */
  remembered(authorization: string | undefined): Actor | undefined {
    const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    return token === undefined ? undefined : this.verified.get(token);
  }

  /** The actor a header names, or why there is none. */
  async actorFrom(authorization: string | undefined): Promise<Result<Actor, AuthenticationFailure>> {
    if (authorization === undefined || authorization === '') {
      return fail({ presented: false, reason: NO_TOKEN });
    }
    const token = BEARER.exec(authorization)?.[1];
    if (token === undefined) {
      return fail({ presented: true, reason: 'The Authorization header must be "Bearer <JWT>"' });
    }
    const known = this.verified.get(token);
    if (known !== undefined) return ok(known);
    let payload: JWTPayload;
    try {
      ({ payload } = await this.verify(token));
    } catch (error) {
      if (this.config.verifyWith === 'jwks' && isKeySetUnreachable(error)) {
        // Not the caller's fault: answered 503, so that a valid token is retried rather than thrown away.
        throw new DependencyUnavailableError('identity provider keys', { cause: error });
      }
      return fail({ presented: true, reason: reasonFor(error) });
    }
    const actor = parseActor({
      subject: typeof payload.sub === 'string' ? payload.sub : '',
      tenant: typeof payload.tenant === 'string' ? payload.tenant : '',
      roles: Array.isArray(payload.roles) ? payload.roles.filter((role) => typeof role === 'string') : [],
    });
    if (!actor.ok) return fail({ presented: true, reason: `The token is not valid: ${actor.error}` });
    // `exp` is required, so present; an entry never outlives the token.
    const ttl = Math.min(VERIFIED_TOKENS.maxTtlMs, (payload.exp ?? 0) * 1000 - Date.now());
    if (ttl > 0) this.verified.set(token, actor.value, { ttl });
    return actor;
  }

  private verify(token: string) {
    const options = {
      algorithms: this.algorithms,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'sub'],
      ...(this.config.issuer !== undefined && { issuer: this.config.issuer }),
      ...(this.config.audience !== undefined && { audience: this.config.audience }),
    };
    // Two calls rather than one over a union: jose types the key by its kind.
    return typeof this.key === 'function'
      ? jwtVerify(token, this.key, options)
      : this.key.then((key) => jwtVerify(token, key, options));
  }
}

/** What a client may be told of a refused token: the rule it broke, never our key material or a stack. */
function reasonFor(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `The token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The token is not validly signed';
  if (error instanceof errors.JOSEAlgNotAllowed) return "The token's algorithm is not accepted";
  if (error instanceof errors.JWKSNoMatchingKey) return 'The token is signed by a key this service does not know';
  return 'The token is not a valid JWT';
}

/** The key set could not be fetched or read: a network failure, a timeout, or not a key set at the URL. */
function isKeySetUnreachable(error: unknown): boolean {
  return (
    error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError)
  );
}
