/**
 * What `npm run bench` was asked for. `--smoke` runs every pair briefly, only to keep the harness working; `--only=`
 * runs some parts, named with commas (`--only=instances,tracing`), for profiling or a quick look.
 */
export const smoke = process.argv.includes('--smoke');
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);

/** Pairs 1 to 4b, pair 5, pairs 6 and 7 (one instance against two), pair 8 (tracing off against on). */
const PARTS = ['http', 'relay', 'instances', 'tracing'] as const;
type Part = (typeof PARTS)[number];
const chosen: readonly string[] = only?.split(',') ?? PARTS;
const unknown = chosen.filter((part) => !(PARTS as readonly string[]).includes(part));
if (unknown.length > 0) throw new Error(`--only= takes ${PARTS.join(', ')}; not ${unknown.join(', ')}`);

/** Whether this run includes `part`. */
export const runs = (part: Part): boolean => chosen.includes(part);

/** `--requests=N` sets the number of requests per run of every HTTP pair, to look at a part quickly. */
const requestsOverride = Number(process.argv.find((arg) => arg.startsWith('--requests='))?.slice('--requests='.length));
const overridden = Number.isInteger(requestsOverride) && requestsOverride > 0;
/** A run for profiling or a quick look, whose figures do not replace the committed results. */
export const partial = only !== undefined || overridden;

const base = smoke
  ? { connections: 10, requests: 300, postgresRequests: 100, warmUpShare: 0, rounds: 1, events: 500 }
  : { connections: 50, requests: 60_000, postgresRequests: 10_000, warmUpShare: 0.1, rounds: 3, events: 20_000 };

export const settings = overridden ? { ...base, requests: requestsOverride, postgresRequests: requestsOverride } : base;

export const root = new URL('../', import.meta.url).pathname;
