import type { RequeueDeadLettersUseCase } from '../../../ports/inbound/requeue-dead-letters-use-case.js';
import type { OrderOutbox } from '../../../ports/outbound/order-outbox.js';

export class RequeueDeadLetters implements RequeueDeadLettersUseCase {
  constructor(private readonly outbox: OrderOutbox) {}

  execute(notifier?: string): Promise<number> {
    return this.outbox.requeueDead(notifier);
  }
}
