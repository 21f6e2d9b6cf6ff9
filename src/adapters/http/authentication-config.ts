import { cleanEnv, EnvError, makeExactValidator, type CleanOptions } from 'envalid';

/**
 * The development secret of SPEC §9: used only when no AUTH_* variable is set and the service listens on a
 * loopback address, so that `npm start` and `npm run token` work out of the box and nowhere else.
 */
export const DEVELOPMENT_SECRET = 'dev-only-secret-do-not-use-in-production!';

const MIN_SECRET_BYTES = 32;

/** How bearer tokens are verified (SPEC §9): by a shared secret (HS256) or an identity provider's keys. */
export type AuthenticationConfig = (
  | { readonly verifyWith: 'secret'; readonly secret: string; readonly development: boolean }
  | { readonly verifyWith: 'jwks'; readonly jwksUrl: URL }
) & {
  /** When set, a token's `iss` must be this. */
  readonly issuer?: string;
  /** When set, a token's `aud` must include this. */
  readonly audience?: string;
};

const secret = makeExactValidator((raw) => {
  if (Buffer.byteLength(raw, 'utf8') < MIN_SECRET_BYTES)
    throw new EnvError(`a secret of at least ${MIN_SECRET_BYTES} bytes`);
  return raw;
});

const httpUrl = makeExactValidator((raw) => {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.hostname === '') {
    throw new EnvError('an http(s) URL of a JSON Web Key Set');
  }
  return url;
});

const text = makeExactValidator((raw) => {
  if (raw.trim() === '' || raw.length > 1024) throw new EnvError('1..1024 characters');
  return raw;
});

const variables = {
  AUTH_JWT_SECRET: secret({ default: undefined }),
  AUTH_JWKS_URL: httpUrl({ default: undefined }),
  AUTH_ISSUER: text({ default: undefined }),
  AUTH_AUDIENCE: text({ default: undefined }),
};

/** Whether a listen address only this machine can reach: 127.0.0.0/8, ::1 or localhost. */
function isLoopback(host: string): boolean {
  return /^127(?:\.\d{1,3}){3}$/.test(host) || ['::1', '[::1]', 'localhost'].includes(host.toLowerCase());
}

/** Thrown for a combination of variables that no single variable's check can see. */
export class AuthenticationConfigError extends Error {}

/**
 * Reads AUTH_*; the reporter hears of every bad one. With neither a secret nor a key set, only a loopback `host`
 * may fall back to the development secret: anywhere else the service would accept tokens anyone can sign.
 */
export function readAuthenticationConfig(
  env: Readonly<Record<string, string | undefined>>,
  host: string,
  options: CleanOptions<typeof variables>,
): AuthenticationConfig {
  const read = cleanEnv(env, variables, options);
  const claims = {
    ...(read.AUTH_ISSUER !== undefined && { issuer: read.AUTH_ISSUER }),
    ...(read.AUTH_AUDIENCE !== undefined && { audience: read.AUTH_AUDIENCE }),
  };
  if (read.AUTH_JWT_SECRET !== undefined && read.AUTH_JWKS_URL !== undefined) {
    throw new AuthenticationConfigError(
      'Invalid configuration: AUTH_JWT_SECRET and AUTH_JWKS_URL are both set; set one: a shared secret or the keys of an identity provider',
    );
  }
  if (read.AUTH_JWKS_URL !== undefined) return { verifyWith: 'jwks', jwksUrl: read.AUTH_JWKS_URL, ...claims };
  if (read.AUTH_JWT_SECRET !== undefined) {
    return { verifyWith: 'secret', secret: read.AUTH_JWT_SECRET, development: false, ...claims };
  }
  if (!isLoopback(host)) {
    throw new AuthenticationConfigError(
      `Invalid configuration: AUTH_JWT_SECRET or AUTH_JWKS_URL must be set when HOST=${host} is not a loopback address`,
    );
  }
  return { verifyWith: 'secret', secret: DEVELOPMENT_SECRET, development: true, ...claims };
}
