import { MemoryOrderRepository } from '../../src/adapters/memory/memory-order-repository.js';
import { orderRepositoryContract } from './order-repository-contract.js';

orderRepositoryContract('memory', { fresh: async () => new MemoryOrderRepository() });
