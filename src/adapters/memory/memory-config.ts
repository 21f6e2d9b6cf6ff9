import { cleanEnv, EnvError, makeExactValidator, type CleanOptions } from 'envalid';

/** The in-memory adapter's settings (SPEC §2). */
export interface MemoryConfig {
  /** New orders beyond this many are refused (507 STORAGE_FULL), so a flood cannot exhaust the process's memory. */
  readonly maxOrders: number;
}

const orderCount = makeExactValidator((raw) => {
  const count = /^\d{1,10}$/.test(raw) ? Number(raw) : 0;
  if (count < 1 || count > 1_000_000_000) throw new EnvError('a whole number of orders, 1..1000000000');
  return count;
});

const variables = { MEMORY_MAX_ORDERS: orderCount({ default: 100_000 }) };

/** Reads the adapter's variables; the reporter hears of every bad one. */
export function readMemoryConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: CleanOptions<typeof variables>,
): MemoryConfig {
  return { maxOrders: cleanEnv(env, variables, options).MEMORY_MAX_ORDERS };
}
