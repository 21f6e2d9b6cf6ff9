import { measure } from './measure.js';
import type { BenchRequest } from './requests.js';
import { APP, start, stop, type Server, type ServerCommand } from './servers.js';

/** One request for both sides, or one each where each side must first make what it reads. */
type Sent = BenchRequest | { readonly app: BenchRequest; readonly baseline: BenchRequest };

/** Starts the app and a baseline, loads both with the same request (made once both run), and stops them. */
export async function sideBySide(
  appEnv: Record<string, string>,
  baseline: ServerCommand,
  baselineEnv: Record<string, string>,
  request: (app: Server, baseline: Server) => Sent | Promise<Sent>,
  amount: number,
) {
  const app = await start(APP, appEnv);
  const bare = await start(baseline, baselineEnv);
  try {
    const sent = await request(app, bare);
    const side = (name: 'app' | 'baseline', server: Server) => ({
      name,
      server,
      request: 'method' in sent ? sent : sent[name],
    });
    return await measure({ app: side('app', app), baseline: side('baseline', bare) }, amount);
  } finally {
    await stop(app);
    await stop(bare);
  }
}
