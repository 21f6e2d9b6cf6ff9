import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { OrderSnapshot } from '../../src/domain/model/order-snapshot.js';
import { parseMessageId, type MessageId } from '../../src/domain/model/values/message-id.js';
import type { TenantId } from '../../src/domain/model/values/tenant-id.js';
import type { OrderOutbox } from '../../src/ports/outbound/order-outbox.js';
import type { OrderChange, OrderRepository } from '../../src/ports/outbound/order-repository.js';
import type { ProcessedMessages } from '../../src/ports/outbound/processed-messages.js';
import { unwrap } from '../support/order-commands.js';
import { orderIdOf } from '../support/values.js';
import { advanced, anOrder, eventOf, OTHER_TENANT, placed, T0, TENANT } from './order-repository-fixtures.js';

/** The one notifier the subjects are wired for: its backlog counts the events stored. */
export const MESSAGES_NOTIFIER = 'kafka';

/** A repository, the record of the messages its saves applied, and the outbox those saves fill. */
export interface MessagesSubject {
  readonly repository: OrderRepository;
  readonly messages: ProcessedMessages;
  readonly outbox: OrderOutbox;
}

export interface MessagesUnderTest {
  /** A fresh subject over empty storage, wired for MESSAGES_NOTIFIER. */
  readonly fresh: () => Promise<MessagesSubject>;
  readonly teardown?: () => Promise<void>;
}

let sequence = 0;

/** A message id no other case uses, made by the core's parser. */
function aMessage(): MessageId {
  sequence++;
  return unwrap(parseMessageId(`30000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`));
}

/** The change that confirms `order` (at its version), carrying `messageId` if given. */
function confirmation(order: OrderSnapshot, messageId?: MessageId, expectedVersion = order.version): OrderChange {
  const confirmed = advanced(order, 'confirmed', new Date(T0.getTime() + 1));
  const change = { order: confirmed, expectedVersion, events: [eventOf(confirmed, 'OrderConfirmed')] };
  return messageId === undefined ? change : { ...change, messageId };
}

/**
 * The contract of the ProcessedMessages port and of OrderChange.messageId, run against every adapter: a message is
 * recorded with the change that applied it, in the same step, and a later save of it is stale and writes nothing.
 */
export function processedMessagesContract(name: string, subject: MessagesUnderTest, enabled = true): void {
  describe.skipIf(!enabled)(`ProcessedMessages contract: ${name}`, () => {
    let repository: OrderRepository;
    let messages: ProcessedMessages;
    let outbox: OrderOutbox;

    /** How many events the saves stored so far. */
    async function eventsStored(): Promise<number> {
      const backlog = await outbox.backlog();
      return backlog.find((entry) => entry.notifier === MESSAGES_NOTIFIER)?.pending ?? 0;
    }

    async function stored(order: OrderSnapshot, tenantId: TenantId = TENANT): Promise<OrderSnapshot | null> {
      return repository.findById(tenantId, orderIdOf(order.id));
    }

    beforeEach(async () => {
      ({ repository, messages, outbox } = await subject.fresh());
    });

    afterAll(async () => {
      await subject.teardown?.();
    });

    it('answers that a message it never saw was not applied', async () => {
      expect(await messages.wasApplied(TENANT, aMessage())).toBe(false);
    });

    it('records a message once the change carrying it is saved', async () => {
      const order = await placed(repository);
      const messageId = aMessage();
      const change = confirmation(order, messageId);

      expect(await repository.save(change)).toBe('saved');

      expect(await messages.wasApplied(TENANT, messageId)).toBe(true);
      expect(await stored(order)).toEqual(change.order);
      expect(await eventsStored()).toBe(2);
    });

    it('records nothing for a change refused as stale, and saves the message later at the right version', async () => {
      const order = await placed(repository);
      const messageId = aMessage();

      expect(await repository.save(confirmation(order, messageId, order.version + 1))).toBe('stale');
      expect(await messages.wasApplied(TENANT, messageId)).toBe(false);
      expect(await stored(order)).toEqual(order);
      expect(await eventsStored()).toBe(1);

      expect(await repository.save(confirmation(order, messageId))).toBe('saved');
      expect(await messages.wasApplied(TENANT, messageId)).toBe(true);
    });

    it('refuses a second save of the same message on the same order as stale, changing nothing', async () => {
      const order = await placed(repository);
      const messageId = aMessage();
      const first = confirmation(order, messageId);
      expect(await repository.save(first)).toBe('saved');

      // The same message again, now at the version the first save left, so that only the message refuses it.
      const cancelled = advanced(first.order, 'cancelled', new Date(T0.getTime() + 2), 'again');
      const again = { order: cancelled, expectedVersion: 2, events: [eventOf(cancelled, 'OrderCancelled')], messageId };
      expect(await repository.save(again)).toBe('stale');

      expect(await stored(order)).toEqual(first.order);
      expect(await eventsStored()).toBe(2);
      expect(await messages.wasApplied(TENANT, messageId)).toBe(true);
    });

    it('refuses a save of a message already applied to another order as stale, changing nothing', async () => {
      const [one, other] = [await placed(repository), await placed(repository)];
      const messageId = aMessage();
      expect(await repository.save(confirmation(one, messageId))).toBe('saved');

      expect(await repository.save(confirmation(other, messageId))).toBe('stale');

      expect(await stored(other)).toEqual(other);
      expect(await eventsStored()).toBe(3);
    });

    it('lets exactly one of 10 concurrent saves of one message, on 10 orders, be saved', async () => {
      const orders: OrderSnapshot[] = [];
      for (let index = 0; index < 10; index++) orders.push(await placed(repository));
      const messageId = aMessage();

      const outcomes = await Promise.all(orders.map((order) => repository.save(confirmation(order, messageId))));

      expect(outcomes.filter((outcome) => outcome === 'saved')).toHaveLength(1);
      const after = await Promise.all(orders.map((order) => stored(order)));
      expect(after.map((order) => order?.status)).toEqual(
        outcomes.map((outcome) => (outcome === 'saved' ? 'confirmed' : 'pending')),
      );
      expect(await eventsStored()).toBe(11);
      expect(await messages.wasApplied(TENANT, messageId)).toBe(true);
    });

    it("keeps each tenant's messages apart: the same id in another tenant is another message", async () => {
      const mine = await placed(repository);
      const theirs = await placed(repository, { tenantId: OTHER_TENANT });
      const messageId = aMessage();

      expect(await repository.save(confirmation(mine, messageId))).toBe('saved');
      expect(await messages.wasApplied(OTHER_TENANT, messageId)).toBe(false);

      expect(await repository.save(confirmation(theirs, messageId))).toBe('saved');
      expect(await messages.wasApplied(OTHER_TENANT, messageId)).toBe(true);
      expect((await stored(theirs, OTHER_TENANT))?.status).toBe('confirmed');
    });

    it("records nothing for a change to another tenant's order, which it refuses as stale", async () => {
      const order = await placed(repository);
      const messageId = aMessage();
      const hijack = confirmation({ ...order, tenantId: OTHER_TENANT }, messageId);

      expect(await repository.save(hijack)).toBe('stale');

      expect(await messages.wasApplied(OTHER_TENANT, messageId)).toBe(false);
      expect(await messages.wasApplied(TENANT, messageId)).toBe(false);
      expect(await stored(order)).toEqual(order);
    });

    it('records a message carried by a placement, and none carried by a placement refused', async () => {
      const order = anOrder();
      const [placedMessage, refusedMessage] = [aMessage(), aMessage()];
      const placement = { order, expectedVersion: 0, events: [eventOf(order, 'OrderPlaced')] };

      expect(await repository.save({ ...placement, messageId: placedMessage })).toBe('saved');
      expect(await repository.save({ ...placement, messageId: refusedMessage })).toBe('stale');

      expect(await messages.wasApplied(TENANT, placedMessage)).toBe(true);
      expect(await messages.wasApplied(TENANT, refusedMessage)).toBe(false);
      expect(await eventsStored()).toBe(1);
    });
  });
}
