import { MemoryOrderOutbox } from '../../src/adapters/memory/memory-order-outbox.js';
import { MemoryOrderRepository } from '../../src/adapters/memory/memory-order-repository.js';
import { FixedClock } from '../support/fixed-clock.js';
import { OUTBOX_NOTIFIERS, orderOutboxContract } from './order-outbox-contract.js';

orderOutboxContract('memory', {
  fresh: async () => {
    const clock = new FixedClock();
    const outbox = new MemoryOrderOutbox(OUTBOX_NOTIFIERS, () => clock.now());
    return {
      repository: new MemoryOrderRepository(outbox),
      outbox,
      now: () => clock.now(),
      elapse: async (ms) => {
        clock.advance(ms);
      },
    };
  },
});
