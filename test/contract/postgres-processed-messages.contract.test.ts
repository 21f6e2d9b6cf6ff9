import { PostgresOrderOutbox } from '../../src/adapters/postgres/postgres-order-outbox.js';
import { PostgresOrderRepository } from '../../src/adapters/postgres/postgres-order-repository.js';
import { PostgresProcessedMessages } from '../../src/adapters/postgres/postgres-processed-messages.js';
import { postgresAvailable, TestDatabase } from '../support/postgres.js';
import { MESSAGES_NOTIFIER, processedMessagesContract } from './processed-messages-contract.js';

let database: TestDatabase | undefined;

processedMessagesContract(
  'postgres',
  {
    fresh: async () => {
      database ??= await TestDatabase.create();
      await database.truncate();
      const knex = database.database.knex;
      return {
        repository: new PostgresOrderRepository(knex, [MESSAGES_NOTIFIER]),
        messages: new PostgresProcessedMessages(knex),
        outbox: new PostgresOrderOutbox(knex),
      };
    },
    teardown: async () => {
      await database?.drop();
    },
  },
  postgresAvailable,
);
