import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * A real Apache Kafka broker (3.9.1, KRaft mode, one node that is both broker and controller) for the test suites,
 * run as a `java` child process from jars Maven fetches once from Maven Central — no Docker.
 */
export interface KafkaBroker {
  /** The bootstrap address for clients, `127.0.0.1:PORT`. */
  readonly brokers: string;
  /** Where the broker keeps its data (`log.dirs`); survives stop()/start(). */
  readonly logDir: string;
  /** SIGTERM, then SIGKILL if it has not exited after a few seconds; resolves once it has exited. Keeps the data. */
  stop(): Promise<void>;
  /**
   * Starts the same broker again after stop() (same ports, data and cluster id); resolves once it serves clients.
   * The group coordinator may still be loading the committed offsets for a moment after that: kafkajs consumers retry
   * "The coordinator is loading", `admin.fetchOffsets` does not.
   */
  start(): Promise<void>;
  /** Stops the broker and deletes its temporary directory. */
  destroy(): Promise<void>;
}

export interface KafkaBrokerOptions {
  /** The broker's data directory (`log.dirs`). Defaults to a folder in the temporary directory; one given here is kept by destroy(). */
  logDir?: string;
}

/** With CI=true a broker that cannot start fails the run; elsewhere the Kafka suites skip. */
const kafkaRequired = process.env.CI === 'true';

const KAFKA_VERSION = '3.9.1';
/** Outside the work tree, so a second run (and a fresh clone) starts without Maven. */
const KAFKA_CACHE_DIR =
  process.env.KAFKA_TEST_CACHE ?? join(homedir(), '.cache', 'hexagonal-orders', `kafka-${KAFKA_VERSION}`);
const POM = fileURLToPath(new URL('./kafka-broker/pom.xml', import.meta.url));
/** Written into the lib folder after a complete copy; holds the pom's hash, so editing the pom refetches the jars. */
const COMPLETE_MARKER = '.complete';

const MAVEN_TIMEOUT_MS = 10 * 60_000;
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 8_000;
const LOG_TAIL_LINES = 60;
const JVM_FLAGS = ['-Xms128m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true'];
const READY_LINE = 'Kafka Server started';
/**
 * A lifeline for the JVM: the shell leaves a watchdog reading a pipe from this Node process and then becomes java
 * (`exec`, same pid). If Node dies in any way — also killed by a signal, when no 'exit' handler runs — the pipe closes
 * and the watchdog SIGKILLs the broker (`$$` stays the pid of the shell, that is of java) and deletes its temporary
 * directory. After a normal stop() the pipe closes too, but java is gone, so the watchdog leaves everything alone.
 */
const LIFELINE = [
  'home=$1; shift',
  'exec 3<&0',
  '(cat <&3; grep -q kafka.Kafka /proc/$$/cmdline && kill -KILL $$ && sleep 1 && rm -rf "$home") >/dev/null 2>&1 &',
  'exec "$@" </dev/null 3<&-',
].join('\n');

const run = promisify(execFile);

/**
 * Starts a broker on two free ports of 127.0.0.1 (clients + controller) with its own temporary directory,
 * fetching the jars first if the cache does not have them.
 */
export async function startKafkaBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  const lib = await ensureJars();
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const home = await mkdtemp(join(tmpdir(), 'hexagonal-orders-kafka-'));
  try {
    const logDir = options.logDir ?? join(home, 'data');
    await mkdir(logDir, { recursive: true });
    const [port, controllerPort] = await freePorts(2);
    const serverProperties = join(home, 'server.properties');
    const log4jProperties = join(home, 'log4j.properties');
    await writeFile(serverProperties, serverConfig({ port, controllerPort, logDir }));
    await writeFile(log4jProperties, LOG4J_CONFIG);
    const jvm = [...JVM_FLAGS, `-Dlog4j.configuration=file:${log4jProperties}`, '-cp', join(lib, '*')];

    // A Kafka Uuid as `StorageTool random-uuid` makes it (16 random bytes, base64url), without starting a JVM for it.
    let clusterId = randomBytes(16).toString('base64url');
    while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url');
    await runJava(java, [
      ...jvm,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      serverProperties,
      '--ignore-formatted',
    ]);

    const broker = new ChildKafkaBroker(java, [...jvm, 'kafka.Kafka', serverProperties], port, home, logDir);
    await broker.start().catch(async (error: unknown) => {
      await broker.destroy();
      throw error;
    });
    return broker;
  } catch (error) {
    await rm(home, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Starts a broker for a suite, or says in one line why the Kafka suites skip and resolves with undefined.
 * With CI=true ({@link kafkaRequired}) it rethrows instead, so a missing Java or Maven fails the run.
 */
export async function kafkaOrSkip(options?: KafkaBrokerOptions): Promise<KafkaBroker | undefined> {
  try {
    return await startKafkaBroker(options);
  } catch (error) {
    if (kafkaRequired) throw error;
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    console.warn(
      `Skipping the Kafka suites: ${reason}. They need Java 17 and Maven (jars from Maven Central are cached in ${KAFKA_CACHE_DIR}).`,
    );
    return undefined;
  }
}

class ChildKafkaBroker implements KafkaBroker {
  readonly brokers: string;
  private child: ChildProcess | undefined;
  private readonly logTail: string[] = [];
  /** Node does not wait for children: kill the JVM when the test process exits, whatever the state of the suite. */
  private readonly cleanUpOnExit = (): void => {
    this.child?.kill('SIGKILL');
    try {
      rmSync(this.home, { recursive: true, force: true });
    } catch {
      // best effort: the process is exiting
    }
  };

  constructor(
    private readonly java: string,
    private readonly args: readonly string[],
    private readonly port: number,
    private readonly home: string,
    readonly logDir: string,
  ) {
    this.brokers = `127.0.0.1:${port}`;
    process.on('exit', this.cleanUpOnExit);
  }

  async start(): Promise<void> {
    if (this.child) return;
    const child = spawn('/bin/sh', ['-c', LIFELINE, 'kafka-broker', this.home, this.java, ...this.args], {
      cwd: this.home,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
      child.stdin?.destroy(); // lets the watchdog go
    });

    const started = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(this.failure(`the Kafka broker did not start within ${READY_TIMEOUT_MS / 1000} s`)),
        READY_TIMEOUT_MS,
      );
      const settle = (outcome: () => void): void => {
        clearTimeout(timer);
        outcome();
      };
      const onLine = (line: string): void => {
        this.remember(line);
        if (line.includes(READY_LINE)) settle(resolve);
      };
      createInterface({ input: child.stdout! }).on('line', onLine);
      createInterface({ input: child.stderr! }).on('line', onLine);
      child.once('error', (error) =>
        settle(() => reject(this.failure(`could not run ${this.java}: ${error.message}`))),
      );
      child.once('exit', (code, signal) =>
        settle(() => reject(this.failure(`the Kafka broker exited with ${signal ?? `code ${code}`} while starting`))),
      );
    });
    try {
      await started;
      await waitForPort(this.port, 10_000);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    // no pid: /bin/sh could not be spawned, so there is no process to wait for
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      try {
        await exited;
      } finally {
        clearTimeout(timer);
      }
    }
    this.child = undefined;
  }

  async destroy(): Promise<void> {
    await this.stop();
    // a data directory the caller gave lives outside home, and is theirs to keep
    await rm(this.home, { recursive: true, force: true });
    process.off('exit', this.cleanUpOnExit);
  }

  private remember(line: string): void {
    this.logTail.push(line);
    if (this.logTail.length > LOG_TAIL_LINES) this.logTail.shift();
  }

  private failure(message: string): Error {
    return new Error(`${message}. Its last log lines:\n${this.logTail.join('\n')}`);
  }
}

/** The jars' folder in the cache; runs Maven only when it is missing or was made from another pom. */
async function ensureJars(): Promise<string> {
  const lib = join(KAFKA_CACHE_DIR, 'lib');
  const wanted = createHash('sha256')
    .update(await readFile(POM))
    .digest('hex');
  if ((await readOptional(join(lib, COMPLETE_MARKER)))?.trim() === wanted) return lib;

  // Copy into a folder of our own and publish it with a rename, so a concurrent test file never sees half a copy.
  await mkdir(KAFKA_CACHE_DIR, { recursive: true });
  const staging = await mkdtemp(join(KAFKA_CACHE_DIR, 'lib-download-'));
  try {
    try {
      await run(
        'mvn',
        ['-B', '-q', '-Dstyle.color=never', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`],
        { timeout: MAVEN_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      );
    } catch (error) {
      throw new Error(`Maven could not fetch the Kafka jars (${describeExecError(error)})`, { cause: error });
    }
    await writeFile(join(staging, COMPLETE_MARKER), `${wanted}\n`);
    if ((await readOptional(join(lib, COMPLETE_MARKER)))?.trim() === wanted) return lib; // another process was faster
    await rm(lib, { recursive: true, force: true });
    try {
      await rename(staging, lib);
    } catch (error) {
      if ((await readOptional(join(lib, COMPLETE_MARKER)))?.trim() !== wanted) throw error;
    }
    return lib;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function runJava(java: string, args: readonly string[]): Promise<void> {
  try {
    await run(java, args, { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    throw new Error(`could not format the Kafka storage (${describeExecError(error)})`, { cause: error });
  }
}

function describeExecError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const details = error as Error & { code?: unknown; path?: unknown; stderr?: unknown; stdout?: unknown };
  if (details.code === 'ENOENT') return `${String(details.path)} not found on PATH`;
  const output = [details.stderr, details.stdout]
    .filter((text): text is string => typeof text === 'string' && text.trim() !== '')
    .join('\n')
    .trim();
  return output === ''
    ? error.message.split('\n')[0]!
    : `${error.message.split('\n')[0]}: ${output.split('\n').slice(-20).join(' | ')}`;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Distinct free ports on 127.0.0.1, held open together so they differ, then released for the broker. */
async function freePorts(count: number): Promise<[number, number]> {
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = createServer();
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      return server;
    }),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return [ports[0]!, ports[1]!];
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline)
      throw new Error(`the Kafka broker logged "${READY_LINE}" but 127.0.0.1:${port} refuses connections`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function serverConfig({
  port,
  controllerPort,
  logDir,
}: {
  port: number;
  controllerPort: number;
  logDir: string;
}): string {
  return `${[
    '# one node that is both broker and controller (KRaft), for tests',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${logDir}`,
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    'num.network.threads=2',
    'num.io.threads=2',
    'num.recovery.threads.per.data.dir=1',
  ].join('\n')}\n`;
}

/** Warnings and errors only, plus the one line that says the broker is ready. */
const LOG4J_CONFIG = `${[
  'log4j.rootLogger=WARN, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.kafka.server.KafkaRaftServer=INFO',
].join('\n')}\n`;
