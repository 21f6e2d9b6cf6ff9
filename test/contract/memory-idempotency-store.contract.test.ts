import { MemoryIdempotencyStore } from '../../src/adapters/memory/memory-idempotency-store.js';
import { idempotencyStoreContract } from './idempotency-store-contract.js';

idempotencyStoreContract('memory', { fresh: async () => new MemoryIdempotencyStore() });
