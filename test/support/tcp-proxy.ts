import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** Where a planned cut falls: before the server sees the statement, or after it answered (the answer withheld). */
export type CutPoint = 'before-the-server-reads-it' | 'after-the-server-answers';

interface PlannedCut {
  readonly statement: RegExp;
  readonly at: CutPoint;
  readonly done: () => void;
}

/**
 * A TCP relay between the service and a real server, so a test can cut the network and mend it
 * without stopping the server other tests use.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private port = 0;
  private planned: PlannedCut | undefined;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Listens (again, on the same port after a `cut`) and relays every connection. */
  async open(): Promise<number> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      this.relay(client, upstream);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  /** Drops every open connection and refuses new ones, as a dead server would. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * Drops the one connection whose transaction (the text its client sent since its last BEGIN) next matches
   * `statement`, at the point given; other connections, and new ones, go on. Resolves once it was dropped.
   */
  cutConnectionAt(statement: RegExp, at: CutPoint): Promise<void> {
    return new Promise((done) => {
      this.planned = { statement, at, done };
    });
  }

  private relay(client: Socket, upstream: Socket): void {
    let transaction = '';
    let withholding: (() => void) | undefined;
    client.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      transaction = text.includes('BEGIN') ? text : transaction + text;
      const planned = this.planned;
      if (planned && planned.statement.test(transaction)) {
        this.planned = undefined;
        const drop = () => {
          client.destroy();
          upstream.destroy();
          planned.done();
        };
        if (planned.at === 'before-the-server-reads-it') return drop();
        withholding = drop;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (withholding) withholding();
      else client.write(chunk);
    });
  }
}
