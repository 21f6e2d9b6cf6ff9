/** One pair's figures, and whether its target is met. */

export interface Side {
  readonly requestsPerSecond: number;
  /** Server (or, for the relay, draining process) CPU time, user plus system, per request or event. */
  readonly cpuUsPerRequest: number;
  /** CPU time of the PostgreSQL backends serving the bench's database, per request, where the pair reads it. */
  readonly databaseCpuUsPerRequest?: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly peakRssMb: number;
  readonly errors: number;
}

/**
 * A pair's target is on CPU per request (the app may spend at most `ratio` times the baseline's: lower is better), or
 * on throughput (the app must reach at least `ratio` times the baseline's per second). An informative pair has no
 * `ratio`: its figures describe, and `on` names the one to read.
 */
export interface Target {
  readonly on: 'cpu' | 'throughput';
  readonly ratio?: number;
}

export interface Pair {
  readonly name: string;
  readonly unit: 'requests/s' | 'events/s';
  readonly app: Side;
  readonly baseline: Side;
  /** app CPU per request / baseline CPU per request */
  readonly cpuRatio: number;
  /** app per second / baseline per second */
  readonly throughputRatio: number;
  readonly target: Target;
  /** Absent on an informative pair. */
  readonly met?: boolean;
}

function meets(target: Target, cpuRatio: number, throughputRatio: number): boolean | undefined {
  if (target.ratio === undefined) return undefined;
  return target.on === 'cpu' ? cpuRatio <= target.ratio : throughputRatio >= target.ratio;
}

export function pair(name: string, sides: { app: Side; baseline: Side }, target: Target, unit: Pair['unit']): Pair {
  const { app, baseline } = sides;
  const cpuRatio = app.cpuUsPerRequest / baseline.cpuUsPerRequest;
  const throughputRatio = app.requestsPerSecond / baseline.requestsPerSecond;
  const met = meets(target, cpuRatio, throughputRatio);
  return { name, unit, app, baseline, cpuRatio, throughputRatio, target, ...(met !== undefined && { met }) };
}
