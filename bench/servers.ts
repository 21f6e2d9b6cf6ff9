import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { root } from './settings.js';

/** The server processes the HTTP pairs load: how to start one on a free port, and to stop it. */

export interface Server {
  readonly url: string;
  readonly child: ChildProcess;
}

export interface ServerCommand {
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

// No cap on the in-memory store: a full run places more orders than the default MEMORY_MAX_ORDERS, as the baseline's
// Map holds them all.
export const APP: ServerCommand = {
  args: ['dist/app/main.js'],
  env: { LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', OUTBOX_RELAY: 'false', MEMORY_MAX_ORDERS: '1000000000' },
};
export const MEMORY = { ORDERS_REPOSITORY: 'memory' };
/** The app on the bench's database, which the bench has migrated already. */
export const onPostgres = (url: string) => ({
  ORDERS_REPOSITORY: 'postgres',
  DATABASE_URL: url,
  DATABASE_MIGRATE: 'false',
});
export const BARE: ServerCommand = { args: ['--import', 'tsx', 'bench/baselines/bare-orders.ts'], env: {} };
export const BARE_PG: ServerCommand = { args: ['--import', 'tsx', 'bench/baselines/bare-orders-postgres.ts'], env: {} };
export const BARE_PG_READ: ServerCommand = {
  args: ['--import', 'tsx', 'bench/baselines/bare-orders-postgres-read.ts'],
  env: {},
};

/** The bench's environment without OTEL_*: tracing is off in every server unless its pair turns it on. */
function untraced(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts a server process on a free port and resolves once it answers. */
export async function start(command: ServerCommand, env: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const { args } = command;
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...untraced(), ...command.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/health/live`);
      if (response.status < 500) return { url, child };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${args.join(' ')} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}
