import { parseArgs } from 'node:util';
import { readAuthenticationConfig } from '../adapters/http/authentication-config.js';
import { signToken } from '../adapters/http/token-signing.js';
import { parseActor } from '../domain/model/actor.js';
import { reportProblems, setVariablesOf } from './config-reporter.js';
import { readServiceConfig } from './service-config.js';

const USAGE = 'usage: npm run token -- --sub c-1 --tenant demo --role customer [--role staff] [--ttl 3600]';

/**
 * `npm run token`: prints a bearer token signed with the secret the service verifies with (AUTH_JWT_SECRET, or the
 * development secret on a loopback HOST), so that the API can be tried with nothing else installed. It refuses to
 * sign what the service would refuse, and when the service verifies an identity provider's keys instead.
 */
async function token(args: readonly string[]): Promise<number> {
  let options;
  try {
    ({ values: options } = parseArgs({
      args: [...args],
      options: {
        sub: { type: 'string' },
        tenant: { type: 'string' },
        role: { type: 'string', multiple: true },
        ttl: { type: 'string', default: '3600' },
      },
      strict: true,
    }));
  } catch (error) {
    return refuse(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const actor = parseActor({ subject: options.sub ?? '', tenant: options.tenant ?? '', roles: options.role ?? [] });
  if (!actor.ok) return refuse(`${actor.error}\n${USAGE}`);
  if (actor.value.roles.length === 0) return refuse(`--role must be customer or staff, at least once\n${USAGE}`);
  const ttlSeconds = /^\d{1,9}$/.test(options.ttl) ? Number(options.ttl) : 0;
  if (ttlSeconds < 1) return refuse(`--ttl must be a whole number of seconds, at least 1\n${USAGE}`);

  let config;
  try {
    const env = setVariablesOf(process.env);
    const { host } = readServiceConfig(env, { reporter: reportProblems(env) });
    config = readAuthenticationConfig(env, host, { reporter: reportProblems(env) });
  } catch (error) {
    return refuse(error instanceof Error ? error.message : String(error));
  }
  if (config.verifyWith === 'jwks') {
    return refuse('AUTH_JWKS_URL is set: tokens come from that identity provider, not from this command');
  }
  const signed = await signToken(actor.value, {
    secret: config.secret,
    ttlSeconds,
    ...(config.issuer !== undefined && { issuer: config.issuer }),
    ...(config.audience !== undefined && { audience: config.audience }),
  });
  process.stdout.write(`${signed}\n`);
  return 0;
}

function refuse(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

process.exitCode = await token(process.argv.slice(2));
