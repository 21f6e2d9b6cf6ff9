import { PostgresDatabase } from '../adapters/postgres/postgres-database.js';
import { PostgresOrderOutbox } from '../adapters/postgres/postgres-order-outbox.js';
import { RequeueDeadLetters } from '../domain/use-cases/requeue-dead-letters/requeue-dead-letters.js';
import { readPostgresConfig } from '../adapters/postgres/postgres-config.js';
import { NOTIFIERS } from './adapter-tables.js';
import { ConfigError, reportProblems, setVariablesOf } from './config-reporter.js';

const USAGE = `usage: npm run outbox -- backlog
       npm run outbox -- requeue [${Object.keys(NOTIFIERS).join('|')}]

backlog   pending and dead deliveries per notifier
requeue   gives dead letters (of one notifier, or all) another attempt, due now`;

/** The operator's view of the PostgreSQL outbox (DATABASE_URL): its backlog, and re-queueing dead letters. */
async function outbox(args: readonly string[]): Promise<number> {
  const [command, notifier, ...rest] = args;
  if ((command !== 'backlog' && command !== 'requeue') || rest.length > 0 || (command === 'backlog' && notifier)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let url: string;
  try {
    const env = setVariablesOf(process.env);
    ({ url } = readPostgresConfig(env, { reporter: reportProblems(env, 'npm run outbox') }));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  const database = new PostgresDatabase({ url, poolMax: 1 });
  try {
    const store = new PostgresOrderOutbox(database.knex);
    if (command === 'backlog') {
      const backlog = await store.backlog();
      if (backlog.length === 0) process.stdout.write('The outbox is empty\n');
      for (const entry of backlog)
        process.stdout.write(`${entry.notifier}: ${entry.pending} pending, ${entry.dead} dead\n`);
    } else {
      const count = await new RequeueDeadLetters(store).execute(notifier);
      process.stdout.write(
        `Re-queued ${count} dead letter${count === 1 ? '' : 's'}${notifier ? ` for ${notifier}` : ''}\n`,
      );
    }
    return 0;
  } catch (error) {
    process.stderr.write(`Outbox command failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await database.close();
  }
}

process.exitCode = await outbox(process.argv.slice(2));
