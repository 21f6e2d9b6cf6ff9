/**
 * Where a server's CPU goes, by part: V8's CPU profile (`node --cpu-prof`) gives each sample's function; the samples
 * taken while the load ran are summed by the part their function belongs to.
 */

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
}

export interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: CallFrame }[];
  /** Microseconds, on the clock of process.hrtime. */
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const PACKAGES: readonly (readonly [RegExp, string])[] = [
  [
    /\/node_modules\/(fastify|@fastify\/[^/]+|find-my-way|fast-json-stringify|avvio|light-my-request|fast-uri|fast-querystring|ajv[^/]*|toad-cache)\//,
    'fastify, its router, validator and serializer',
  ],
  [/\/node_modules\/(pino[^/]*|sonic-boom|thread-stream)\//, 'logging (pino)'],
  [/\/node_modules\/(prom-client|tdigest|bintrees)\//, 'metrics (prom-client)'],
  [/\/node_modules\/(mercurius|graphql[^/]*|qlobber|mqemitter|@fastify\/websocket)\//, 'GraphQL (mercurius)'],
  [/\/node_modules\/(jose|lru-cache)\//, 'authentication (jose, lru-cache)'],
];

/** The part a function belongs to. */
function partOf({ functionName, url }: CallFrame): string {
  if (functionName === 'writev' || functionName === 'writeUtf8String' || functionName === 'writeLatin1String')
    return "the socket write (the kernel's TCP send)";
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (url.startsWith('node:')) return "Node's HTTP, streams and events";
  for (const [pattern, part] of PACKAGES) if (pattern.test(url)) return part;
  const app = /\/dist\/(domain|app|adapters\/[^/]+)\//.exec(url)?.[1];
  if (app !== undefined) return app === 'domain' ? 'the core (src/domain)' : `src/${app}`;
  if (url.includes('/bench/baselines/')) return "the baseline's handler";
  if (url.includes('/node_modules/')) return 'other packages';
  if (url === '' && functionName !== '(program)' && functionName !== '(root)') return 'native and generated code';
  return 'V8 and Node, unattributed';
}

/** Self time by part, in µs, of the samples taken between `from` and `to` (µs on the clock of process.hrtime). */
export function selfTimeByPart(profile: CpuProfile, from: number, to: number): Map<string, number> {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const parts = new Map<string, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    const frame = frames.get(id);
    if (at < from || at > to || frame === undefined || frame.functionName === '(idle)') return;
    const part = partOf(frame);
    parts.set(part, (parts.get(part) ?? 0) + delta);
  });
  return parts;
}
