import { MemoryOrderOutbox } from '../../src/adapters/memory/memory-order-outbox.js';
import { MemoryOrderRepository } from '../../src/adapters/memory/memory-order-repository.js';
import { OutboxQueues } from '../../src/adapters/memory/outbox-queues.js';
import { FixedClock } from '../support/fixed-clock.js';
import { OUTBOX_NOTIFIERS, orderOutboxContract } from './order-outbox-contract.js';

orderOutboxContract('memory', {
  fresh: async () => {
    const clock = new FixedClock();
    const queues = new OutboxQueues(OUTBOX_NOTIFIERS);
    return {
      repository: new MemoryOrderRepository(queues),
      outbox: new MemoryOrderOutbox(queues),
      now: () => clock.now(),
      elapse: async (ms) => {
        clock.advance(ms);
      },
    };
  },
});
