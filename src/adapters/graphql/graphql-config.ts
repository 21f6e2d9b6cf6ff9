import { cleanEnv, EnvError, makeExactValidator, type CleanOptions } from 'envalid';

/** The GraphQL adapter's settings (SPEC §2). */
export interface GraphQLConfig {
  /** The largest cost a document may have (SPEC §5, query-cost.ts); above it, QUERY_TOO_COMPLEX. */
  readonly maxCost: number;
}

/** Within it: a page of 100 orders with every field and every line (31,103); not that page with its lines twice. */
export const DEFAULT_MAX_COST = 50_000;

const cost = makeExactValidator((raw) => {
  const value = /^\d{1,10}$/.test(raw) ? Number(raw) : 0;
  if (value < 1 || value > 1_000_000_000) throw new EnvError('a whole number, 1..1000000000');
  return value;
});

const variables = { GRAPHQL_MAX_COST: cost({ default: DEFAULT_MAX_COST }) };

/** Reads the adapter's variables; the reporter hears of every bad one. */
export function readGraphQLConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: CleanOptions<typeof variables>,
): GraphQLConfig {
  return { maxCost: cleanEnv(env, variables, options).GRAPHQL_MAX_COST };
}
