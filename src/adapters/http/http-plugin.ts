import type { FastifyInstance } from 'fastify';
import { portKey } from '../../ports/port-key.js';

/** What an input adapter adds to the one HTTP server: its routes, registered as a fastify plugin. */
export type HttpPlugin = (server: FastifyInstance) => Promise<void>;

/** Bound once by each input adapter (REST, GraphQL); the server registers all of them. */
export const HTTP_PLUGIN = portKey<HttpPlugin>('HttpPlugin');
