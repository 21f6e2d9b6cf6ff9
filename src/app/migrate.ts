import { PostgresDatabase } from '../adapters/postgres/postgres-database.js';
import { ConfigError, loadConfig } from './config.js';

/** `npm run migrate`: applies pending PostgreSQL migrations to DATABASE_URL and exits. */
async function migrate(): Promise<number> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  if (!config.databaseUrl) {
    process.stderr.write(
      'Invalid configuration: DATABASE_URL is not set; expected a URL like postgres://user@host:5432/database\n',
    );
    return 1;
  }
  const database = new PostgresDatabase({ url: config.databaseUrl, poolMax: 1 });
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
