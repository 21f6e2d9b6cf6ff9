import type { NotifierName } from './adapter-tables.js';

/**
 * Events each notifier's delivery claims at a time, where it differs from DELIVERY_BATCH_SIZE. Kafka takes a whole
 * batch in one produce request, so a larger claim spreads each claim's round trips and COMMIT over more events
 * (measured in BENCHMARKS.md, pair 5); e-mail sends one message after another, so its claims stay small and their
 * transactions short.
 */
const DELIVERY_BATCH_SIZES: Readonly<Record<string, number>> = { kafka: 500 } satisfies Partial<
  Record<NotifierName, number>
>;

/** The batch size of one notifier, by its name; none for the use case's own default. */
export function deliveryBatchSizeOf(notifier: string): number | undefined {
  return DELIVERY_BATCH_SIZES[notifier];
}
