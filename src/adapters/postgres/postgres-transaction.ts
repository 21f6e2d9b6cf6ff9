import type { Knex } from 'knex';
import { DependencyUnavailableError } from '../../ports/outbound/dependency-unavailable-error.js';
import { connectionLossOf } from './connection-failure.js';

/**
 * Runs `work` in one transaction, turning a lost connection into the port's DependencyUnavailableError. Lost while
 * COMMIT may have reached the server, the transaction may or may not have been applied, and the error says so; lost
 * at any earlier point, the server rolls the transaction back.
 */
export async function transaction<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  let committing = false;
  try {
    return await db.transaction(async (trx) => {
      const result = await work(trx);
      // knex sends COMMIT once this resolves: whatever fails from here on is the COMMIT.
      committing = true;
      return result;
    });
  } catch (error) {
    throw unavailableIfLost(error, committing);
  }
}

/**
 * Runs one statement sent on its own, outside any transaction: the server commits it as it ends, so a write whose
 * connection was lost once it left may or may not have been applied, and the error says so. A read lost at any point
 * is simply unavailable.
 */
export async function autocommit<T>(kind: 'read' | 'write', run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw unavailableIfLost(error, kind === 'write');
  }
}

function unavailableIfLost(error: unknown, mayHaveCommitted: boolean): unknown {
  const loss = connectionLossOf(error);
  if (loss === undefined) return error;
  const outcome = mayHaveCommitted && loss === 'in-flight' ? 'unknown' : undefined;
  return new DependencyUnavailableError('database', { cause: error, ...(outcome && { outcome }) });
}
