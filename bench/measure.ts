import autocannon from 'autocannon';
import type { Knex } from 'knex';
import { backendsCpu, spentBetween } from './database-usage.js';
import { median } from './median.js';
import type { Side } from './pair.js';
import { cpuMicroseconds, peakRssMb } from './process-usage.js';
import { authorization, type BenchRequest } from './requests.js';
import type { Server } from './servers.js';
import { settings } from './settings.js';

/**
 * Loads each side in turn with a fixed number of requests, round after round, and reads the server process's CPU time
 * before and after each: on two cores the load generator caps a fast server's requests per second, while the CPU a
 * server spends per request does not depend on how fast it is asked.
 */

type Sample = Omit<Side, 'peakRssMb'>;

interface Load {
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

/** Sends `amount` requests over `connections` connections and answers how fast they were served. */
export async function load(
  url: string,
  request: BenchRequest,
  amount: number,
  connections = settings.connections,
): Promise<Load> {
  const options: autocannon.Options = {
    url,
    connections: Math.min(connections, amount),
    amount,
    requests: [
      {
        method: request.method,
        path: request.path,
        headers: { authorization, ...(request.body !== undefined && { 'content-type': 'application/json' }) },
        ...(request.body !== undefined && { body: request.body }),
      },
    ],
  };
  const started = performance.now();
  let finished = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: Error | null, done) => (error ? reject(error) : resolve(done)));
    // autocannon notices the last response only at its next one-second sample, and counts that wait in its duration.
    instance.on('response', () => (finished = performance.now()));
  });
  return {
    seconds: (finished - started) / 1000,
    requestsPerSecond: (result.requests.total * 1000) / (finished - started),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

export interface Contender {
  readonly name: string;
  /** One server, or several sharing the load evenly, requests and connections alike, as a balancer would. */
  readonly server: Server | readonly Server[];
  readonly request: BenchRequest;
  /** The database whose backends' CPU is read too, as its owner. */
  readonly database?: Knex;
}

/** The loads of servers run at once, as one: requests over the time to the last response, the slower server's latencies. */
function together(loads: readonly Load[]): Load {
  const seconds = Math.max(...loads.map((run) => run.seconds));
  const requests = loads.reduce((sum, run) => sum + run.requestsPerSecond * run.seconds, 0);
  return {
    seconds,
    requestsPerSecond: requests / seconds,
    p50Ms: Math.max(...loads.map((run) => run.p50Ms)),
    p99Ms: Math.max(...loads.map((run) => run.p99Ms)),
    errors: loads.reduce((sum, run) => sum + run.errors, 0),
  };
}

async function sample({ server, request, database }: Contender, amount: number): Promise<Sample> {
  const servers = [server].flat();
  const share = (total: number, index: number) =>
    Math.floor(total / servers.length) + (index < total % servers.length ? 1 : 0);
  const loadAll = (total: number) =>
    Promise.all(
      servers.map((one, index) => load(one.url, request, share(total, index), share(settings.connections, index))),
    );
  const warmUp = Math.round(amount * settings.warmUpShare);
  if (warmUp > 0) await loadAll(warmUp);
  const cpu = () => servers.reduce((sum, one) => sum + cpuMicroseconds(one.child.pid), 0);
  const before = cpu();
  const backends = database && (await backendsCpu(database));
  const result = together(await loadAll(amount));
  const cpuUsPerRequest = (cpu() - before) / amount;
  const databaseCpu = database && backends && spentBetween(backends, await backendsCpu(database)) / amount;
  return { ...result, cpuUsPerRequest, ...(databaseCpu !== undefined && { databaseCpuUsPerRequest: databaseCpu }) };
}

/** Alternates `app` and `baseline`, `settings.rounds` times, `amount` requests each; answers the medians per side. */
export async function measure(
  sides: { app: Contender; baseline: Contender },
  amount: number,
): Promise<{ app: Side; baseline: Side }> {
  const samples = { app: [] as Sample[], baseline: [] as Sample[] };
  for (let round = 1; round <= settings.rounds; round++) {
    for (const key of ['app', 'baseline'] as const) {
      const result = await sample(sides[key], amount);
      const database =
        result.databaseCpuUsPerRequest === undefined
          ? ''
          : ` (+ ${result.databaseCpuUsPerRequest.toFixed(0)} µs PostgreSQL)`;
      console.log(
        `  ${sides[key].name} round ${round}: ${result.cpuUsPerRequest.toFixed(0)} µs CPU/request${database}, ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`,
      );
      samples[key].push(result);
    }
  }
  const summary = (key: 'app' | 'baseline'): Side => {
    const runs = samples[key];
    const middle = (pick: (run: Sample) => number) => median(runs.map(pick));
    const databaseCpu = runs.every((run) => run.databaseCpuUsPerRequest !== undefined)
      ? { databaseCpuUsPerRequest: middle((run) => run.databaseCpuUsPerRequest!) }
      : {};
    return {
      cpuUsPerRequest: middle((run) => run.cpuUsPerRequest),
      ...databaseCpu,
      requestsPerSecond: middle((run) => run.requestsPerSecond),
      p50Ms: middle((run) => run.p50Ms),
      p99Ms: middle((run) => run.p99Ms),
      errors: runs.reduce((sum, run) => sum + run.errors, 0),
      // Of several servers, summed: what the machine had to hold for them at worst.
      peakRssMb: [sides[key].server].flat().reduce((sum, one) => sum + peakRssMb(one.child.pid), 0),
    };
  };
  return { app: summary('app'), baseline: summary('baseline') };
}
