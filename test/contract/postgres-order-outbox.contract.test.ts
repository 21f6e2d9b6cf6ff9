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
      return {
        repository: new PostgresOrderRepository(knex, OUTBOX_NOTIFIERS),
        outbox: new PostgresOrderOutbox(knex),
        // The outbox compares next attempts with the server's now(); the server runs on this host.
        now: () => new Date(),
        // The server's clock cannot be moved, so waiting deliveries are brought forward instead.
        elapse: async (ms) => {
          await knex.raw(
            "UPDATE event_deliveries SET next_attempt_at = next_attempt_at - make_interval(secs => ?) WHERE status = 'pending'",
            [ms / 1000],
          );
        },
      };
    },
    teardown: async () => {
      await database?.drop();
    },
  },
  postgresAvailable,
);
