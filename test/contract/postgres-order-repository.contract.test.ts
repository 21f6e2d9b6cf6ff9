import { PostgresOrderRepository } from '../../src/adapters/postgres/postgres-order-repository.js';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { orderRepositoryContract } from './order-repository-contract.js';

let database: TestDatabase | undefined;

orderRepositoryContract(
  'postgres',
  {
    fresh: async () => {
      database ??= await TestDatabase.create();
      await database.truncate();
      return new PostgresOrderRepository(database.database.knex, []);
    },
    teardown: async () => {
      await database?.drop();
    },
  },
  postgresAvailable,
);
