import { afterAll, beforeAll, beforeEach } from 'vitest';
import { postgresAvailable, TestDatabase } from './postgres.js';

/** A repository adapter the API suites run against, with the environment that selects it. */
export interface RepositoryTarget {
  readonly name: 'memory' | 'postgres';
  /** SPEC §2 variables selecting this repository. */
  env(): Record<string, string>;
  /** Registers the hooks that give each test empty storage. */
  use(): void;
}

const memory: RepositoryTarget = {
  name: 'memory',
  env: () => ({ ORDERS_REPOSITORY: 'memory' }),
  use: () => undefined,
};

function postgres(): RepositoryTarget {
  let database: TestDatabase | undefined;
  return {
    name: 'postgres',
    env: () => {
      if (!database) throw new Error('the test database is not created yet');
      return { ORDERS_REPOSITORY: 'postgres', DATABASE_URL: database.url, DATABASE_MIGRATE: 'false' };
    },
    use: () => {
      beforeAll(async () => {
        database = await TestDatabase.create();
      });
      beforeEach(async () => {
        await database?.truncate();
      });
      afterAll(async () => {
        await database?.drop();
      });
    },
  };
}

/** Every repository the API must behave the same on; PostgreSQL only where a server runs (and always in CI). */
export function repositoryTargets(): RepositoryTarget[] {
  return postgresAvailable ? [memory, postgres()] : [memory];
}
