import type { KafkaMessage, Message } from 'kafkajs';

/** Why a record went to the dead-letter topic: a code of SPEC §4 and a word for whoever reads it. */
export interface DeadLetterReason {
  readonly code: string;
  readonly detail: string;
}

/**
 * The record as it arrived — key, value and headers untouched — plus `error-code` and `error-detail` (SPEC §11),
 * so that it can be fixed and sent again as it was.
 */
export function deadLetterMessage(record: KafkaMessage, { code, detail }: DeadLetterReason): Message {
  return {
    key: record.key,
    value: record.value,
    headers: { ...record.headers, 'error-code': code, 'error-detail': detail },
  };
}
