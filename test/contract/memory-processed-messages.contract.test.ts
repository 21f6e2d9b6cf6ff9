import { MemoryOrderOutbox } from '../../src/adapters/memory/memory-order-outbox.js';
import { MemoryOrderRepository } from '../../src/adapters/memory/memory-order-repository.js';
import { OutboxQueues } from '../../src/adapters/memory/outbox-queues.js';
import { MESSAGES_NOTIFIER, processedMessagesContract } from './processed-messages-contract.js';

processedMessagesContract('memory', {
  fresh: async () => {
    const queues = new OutboxQueues([MESSAGES_NOTIFIER]);
    const repository = new MemoryOrderRepository(queues);
    return { repository, messages: repository.processedMessages, outbox: new MemoryOrderOutbox(queues) };
  },
});
