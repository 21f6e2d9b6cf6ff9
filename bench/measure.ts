import autocannon from 'autocannon';
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
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

/** Sends `amount` requests over `settings.connections` connections and answers how fast they were served. */
export async function load(url: string, request: BenchRequest, amount: number): Promise<Load> {
  const options: autocannon.Options = {
    url,
    connections: Math.min(settings.connections, amount),
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
    requestsPerSecond: (result.requests.total * 1000) / (finished - started),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function sample(server: Server, request: BenchRequest, amount: number): Promise<Sample> {
  const warmUp = Math.round(amount * settings.warmUpShare);
  if (warmUp > 0) await load(server.url, request, warmUp);
  const before = cpuMicroseconds(server.child.pid);
  const result = await load(server.url, request, amount);
  const cpuUsPerRequest = (cpuMicroseconds(server.child.pid) - before) / amount;
  return { ...result, cpuUsPerRequest };
}

export interface Contender {
  readonly name: string;
  readonly server: Server;
  readonly request: BenchRequest;
}

/** Alternates `app` and `baseline`, `settings.rounds` times, `amount` requests each; answers the medians per side. */
export async function measure(
  sides: { app: Contender; baseline: Contender },
  amount: number,
): Promise<{ app: Side; baseline: Side }> {
  const samples = { app: [] as Sample[], baseline: [] as Sample[] };
  for (let round = 1; round <= settings.rounds; round++) {
    for (const key of ['app', 'baseline'] as const) {
      const { name, server, request } = sides[key];
      const result = await sample(server, request, amount);
      console.log(
        `  ${name} round ${round}: ${result.cpuUsPerRequest.toFixed(0)} µs CPU/request, ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`,
      );
      samples[key].push(result);
    }
  }
  const summary = (key: 'app' | 'baseline'): Side => {
    const runs = samples[key];
    const middle = (pick: (run: Sample) => number) => median(runs.map(pick));
    return {
      cpuUsPerRequest: middle((run) => run.cpuUsPerRequest),
      requestsPerSecond: middle((run) => run.requestsPerSecond),
      p50Ms: middle((run) => run.p50Ms),
      p99Ms: middle((run) => run.p99Ms),
      errors: runs.reduce((sum, run) => sum + run.errors, 0),
      peakRssMb: peakRssMb(sides[key].server.child.pid),
    };
  };
  return { app: summary('app'), baseline: summary('baseline') };
}
