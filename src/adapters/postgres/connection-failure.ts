/**
 * How a failed database step lost its connection: `unsent` when the statement never left (it could not have taken
 * effect), `in-flight` when the connection went while the statement may have reached the server.
 */
export type ConnectionLoss = 'unsent' | 'in-flight';

// Node's socket errors: the server could not be reached, or the connection broke under a statement.
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
const BROKEN = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

// SQLSTATEs with which the server ends a session rather than refuses a statement: class 08 (connection exception),
// 57P01 admin shutdown (pg_terminate_backend, a fast shutdown), 57P02 crash shutdown, 57P03 cannot connect now,
// 57P05 idle session timeout, 25P03 idle-in-transaction timeout. 57014 (a cancelled statement) is not among them.
const SESSION_ENDED = /^(08...|57P0[1235]|25P03)$/;

// pg's own errors carry no code, only these messages (pg/lib/client.js):
// "Client has encountered a connection error and is not queryable" and "Client was closed and is not queryable",
// raised before a statement is written to a dead connection;
const REFUSED_UNSENT = /is not queryable$/;
// "Connection terminated unexpectedly" (and "Connection terminated" after end()), raised for the statement in flight
// when the socket closes;
const TERMINATED = /Connection terminated/;
// "timeout expired", the connection that did not open within connectionTimeoutMillis (knex gives it unprefixed).
const CONNECT_TIMEOUT = /^timeout expired$/;

/**
 * Whether a failure says the connection to the server was lost or never made, rather than that a statement was
 * wrong; and if so, whether the statement may have reached the server. knex reports a transaction whose ROLLBACK
 * failed with the ROLLBACK's error ("ROLLBACK - …") and drops the first, so the chain of causes is read too.
 */
export function connectionLossOf(error: unknown): ConnectionLoss | undefined {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    const loss = lossOf(cause);
    if (loss) return loss;
  }
  return undefined;
}

function lossOf(error: Error): ConnectionLoss | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (UNREACHABLE.has(code)) return 'unsent';
    if (BROKEN.has(code) || SESSION_ENDED.test(code)) return 'in-flight';
  }
  // knex's pool gave up waiting for a connection ("Timeout acquiring a connection"): nothing was sent.
  if (error.name === 'KnexTimeoutError' || CONNECT_TIMEOUT.test(error.message)) return 'unsent';
  if (REFUSED_UNSENT.test(error.message)) return 'unsent';
  if (TERMINATED.test(error.message)) return 'in-flight';
  return undefined;
}
