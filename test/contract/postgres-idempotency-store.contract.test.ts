import { PostgresIdempotencyStore } from '../../src/adapters/postgres/postgres-idempotency-store.js';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { idempotencyStoreContract } from './idempotency-store-contract.js';

let database: TestDatabase | undefined;

idempotencyStoreContract(
  'postgres',
  {
    fresh: async () => {
      database ??= await TestDatabase.create();
      await database.truncate();
      return new PostgresIdempotencyStore(database.database.knex);
    },
    teardown: async () => {
      await database?.drop();
    },
  },
  postgresAvailable,
);
