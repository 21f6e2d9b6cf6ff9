import type { Knex } from 'knex';
import { cpuMicroseconds } from './process-usage.js';

/**
 * CPU time of the PostgreSQL backends connected to one database, read from /proc as for the servers: the server runs
 * on this machine, and its processes' stat files are readable by anyone.
 */

export type BackendsCpu = ReadonlyMap<number, number>;

/** Each backend connected to `owner`'s database, but the one asking, with its CPU time so far in µs. */
export async function backendsCpu(owner: Knex): Promise<BackendsCpu> {
  const { rows } = await owner.raw<{ rows: { pid: number }[] }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  const usage = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      usage.set(pid, cpuMicroseconds(pid));
    } catch {
      // The backend left between the query and the read: it counts in neither reading.
    }
  }
  return usage;
}

/**
 * CPU the backends spent between two readings: one connected since counts whole; one that left in between is lost,
 * which pools holding their connections through a run make rare.
 */
export function spentBetween(before: BackendsCpu, after: BackendsCpu): number {
  let spent = 0;
  for (const [pid, cpu] of after) spent += cpu - (before.get(pid) ?? 0);
  return spent;
}
