import { describe, expect, it, vi } from 'vitest';
import { MemoryOrderOutbox } from '../../src/adapters/memory/memory-order-outbox.js';
import { OutboxQueues } from '../../src/adapters/memory/outbox-queues.js';
import { RequeueDeadLetters } from '../../src/domain/use-cases/requeue-dead-letters/requeue-dead-letters.js';

describe('RequeueDeadLetters', () => {
  it('asks the outbox to re-queue the dead letters of one notifier, or of all, and answers how many', async () => {
    const outbox = new MemoryOrderOutbox(new OutboxQueues(['email', 'kafka']));
    const requeueDead = vi.spyOn(outbox, 'requeueDead').mockResolvedValueOnce(3).mockResolvedValueOnce(7);
    const requeue = new RequeueDeadLetters(outbox);

    expect(await requeue.execute('email')).toBe(3);
    expect(await requeue.execute()).toBe(7);
    expect(requeueDead.mock.calls).toEqual([['email'], [undefined]]);
  });
});
