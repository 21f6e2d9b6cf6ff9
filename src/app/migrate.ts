import { readPostgresConfig } from '../adapters/postgres/postgres-config.js';
import { PostgresDatabase } from '../adapters/postgres/postgres-database.js';
import { ConfigError, reportProblems, setVariablesOf } from './config-reporter.js';

/** `npm run migrate`: applies pending PostgreSQL migrations to DATABASE_URL and exits. */
async function migrate(): Promise<number> {
  let url: string;
  try {
    const env = setVariablesOf(process.env);
    ({ url } = readPostgresConfig(env, { reporter: reportProblems(env, 'npm run migrate') }));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  const database = new PostgresDatabase({ url, poolMax: 1 });
  try {
    const applied = await database.migrate();
    process.stdout.write(applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'Already up to date\n');
    return 0;
  } catch (error) {
    process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await database.close();
  }
}

process.exitCode = await migrate();
