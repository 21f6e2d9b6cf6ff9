import { PostgresOrderOutbox } from '../../src/adapters/postgres/postgres-order-outbox.js';
import { PostgresOrderRepository } from '../../src/adapters/postgres/postgres-order-repository.js';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { OUTBOX_NOTIFIERS, orderOutboxContract } from './order-outbox-contract.js';

let database: TestDatabase | undefined;

orderOutboxContract(
  'postgres',
  {
    fresh: async () => {
      database ??= await TestDatabase.create();
      await database.truncate();
      const knex = database.database.knex;
      let elapsed = 0;
      return {
        repository: new PostgresOrderRepository(knex, OUTBOX_NOTIFIERS),
        outbox: new PostgresOrderOutbox(knex),
        // Fresh deliveries are due from the server's now() at their save; the server runs on this host, so the
        // test's instant starts at this host's time and moves on from there.
        now: () => new Date(Date.now() + elapsed),
        elapse: async (ms) => {
          elapsed += ms;
        },
      };
    },
    teardown: async () => {
      await database?.drop();
    },
  },
  postgresAvailable,
);
