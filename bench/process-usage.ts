import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** What Linux says a process has used so far, read from /proc, so that the process measured need not cooperate. */

const clockTicksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** CPU time of every thread of the process so far, user plus system (fields 14 and 15 of /proc/<pid>/stat), in µs. */
export function cpuMicroseconds(pid: number | undefined): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[14 - 3]) + Number(fields[15 - 3]);
  return (ticks * 1_000_000) / clockTicksPerSecond;
}

/** Peak resident set size of the process so far (VmHWM), in MiB. */
export function peakRssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}
