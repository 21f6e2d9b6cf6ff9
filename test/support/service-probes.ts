/** A readiness answer of SPEC §1's `GET /health/ready`. */
export interface Readiness {
  readonly httpStatus: number;
  readonly status: string;
  readonly checks: Readonly<Record<string, { readonly status: string; readonly detail?: string }>>;
}

/** `GET /health/ready` of a running server. */
export async function readinessOf(url: string): Promise<Readiness> {
  const response = await fetch(`${url}/health/ready`);
  const body = (await response.json()) as Omit<Readiness, 'httpStatus'>;
  return { httpStatus: response.status, status: body.status, checks: body.checks ?? {} };
}

/**
 * The sum of the samples of counter `name` at `GET /metrics` whose labels include `labels`; 0 when there is none yet,
 * as a counter that never moved may not be exposed.
 */
export async function counterOf(url: string, name: string, labels: Readonly<Record<string, string>>): Promise<number> {
  const response = await fetch(`${url}/metrics`);
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
  let total = 0;
  for (const line of (await response.text()).split('\n')) {
    const match = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = new Map(
      [...(match[2] ?? '').matchAll(/([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map(
        ([, key = '', value = '']) => [key, value] as const,
      ),
    );
    if (Object.entries(labels).every(([key, value]) => found.get(key) === value)) total += Number(match[3]);
  }
  return total;
}
