import { randomUUID } from 'node:crypto';
import type { IdGenerator } from '../../ports/outbound/id-generator.js';

export class RandomIdGenerator implements IdGenerator {
  next(): string {
    const id = randomUUID();
    // Node joins a UUID from twenty pieces, which V8 keeps as a tree of concatenations (about 400 bytes) until a read
    // of a character flattens it in place (about 60): ids are kept as long as their orders, so flatten them now.
    id.charCodeAt(0);
    return id;
  }
}
