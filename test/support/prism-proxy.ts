import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * Stoplight Prism's proxy (the devDependency @stoplight/prism-cli) in front of a running service: it forwards each
 * request and checks the request and the answer against an OpenAPI document that Prism reads on its own, with none
 * of the service's code. With `--errors` an answer the document does not allow comes back as Prism's 500 VIOLATIONS
 * problem instead of the service's answer, and a request the document does not allow as Prism's own 4xx.
 */
export interface PrismProxy {
  readonly url: string;
  stop(): Promise<void>;
}

export interface PrismProxyOptions {
  /** false checks the answers only, so a request the document forbids still reaches the service (Prism's flag). */
  readonly validateRequest: boolean;
}

const require = createRequire(import.meta.url);

/** Prism's own problems carry a `type` under this address; the service's never do. */
export const PRISM_PROBLEM_TYPE = 'https://stoplight.io/prism/errors#';

/** Where the Prism CLI script is, or undefined when the package is not installed. */
export function prismCli(): string | undefined {
  let manifest: string;
  try {
    manifest = require.resolve('@stoplight/prism-cli/package.json');
  } catch {
    return undefined;
  }
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { prism: string } };
  return join(dirname(manifest), bin.prism);
}

/** Starts `prism proxy <document> <upstream> --errors` on a free port of 127.0.0.1; resolves once it listens. */
export async function startPrismProxy(
  document: string,
  upstream: string,
  { validateRequest }: PrismProxyOptions,
): Promise<PrismProxy> {
  const cli = prismCli();
  if (cli === undefined) throw new Error('@stoplight/prism-cli is not installed: run npm install');
  const args = ['proxy', document, upstream, '--errors', '--host', '127.0.0.1', '--port', '0'];
  if (!validateRequest) args.push('--validate-request=false');
  // NODE_ENV=production would make Prism fork a second process for its logs
  const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, NODE_ENV: 'test', NO_COLOR: '1' } });
  const output: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      output.push(line);
      const match = /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`prism proxy exited with ${code}:\n${output.join('\n')}`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
