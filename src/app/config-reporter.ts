import { EnvMissingError, type ReporterOptions } from 'envalid';

export type Env = Readonly<Record<string, string | undefined>>;

/** What every `read…Config` of an adapter accepts: it hears all of that adapter's bad variables at once. */
export type ConfigReporter = (report: ReporterOptions<Record<string, unknown>>) => void;

/** Every bad variable, one line each: the variable, the value, and what is allowed. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** The environment without its empty variables: SPEC §2 treats an empty variable as unset. */
export function setVariablesOf(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}

/**
 * A reporter that throws a ConfigError with one line per bad variable. `requiredBy` names the choice that puts the
 * adapter in use (`ORDERS_REPOSITORY=postgres`), which makes its required variables required; without it the adapter
 * is not in use, so only a variable that is set and wrong is a problem.
 */
export function reportProblems(env: Env, requiredBy?: string): ConfigReporter {
  return ({ errors }) => {
    const problems: string[] = [];
    for (const [name, error] of Object.entries(errors)) {
      // envalid's message: what the validator expects, or for a missing variable the spec's `desc`.
      const expected = error?.message ?? 'a valid value';
      if (!(error instanceof EnvMissingError)) {
        // A secret is never printed, even a wrong one: it may be the right one of another environment.
        const value = /SECRET/.test(name) ? '(hidden)' : JSON.stringify(redact(env[name] ?? ''));
        problems.push(`Invalid configuration: ${name}=${value} is not allowed; expected ${expected}`);
      } else if (requiredBy !== undefined) {
        problems.push(`Invalid configuration: ${name} is not set; ${requiredBy} requires ${expected}`);
      }
    }
    if (problems.length > 0) throw new ConfigError(problems);
  };
}

/** Runs one read, adding its problems to `problems` instead of stopping at them; undefined if it had any. */
export function collectProblems<T>(problems: string[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
    return undefined;
  }
}

/** Hides a password in a URL before it is printed. */
function redact(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.password ? url.toString() : raw;
  } catch {
    return raw;
  }
}
