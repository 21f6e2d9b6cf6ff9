import type { Logger } from 'pino';
import { portKey } from '../ports/port-key.js';
import type { ServiceConfig } from './service-config.js';

/** The root's own keys: what the composition root binds for itself, never an adapter. */
export const LOGGER = portKey<Logger>('Logger');
export const SERVICE_CONFIG = portKey<ServiceConfig>('ServiceConfig');
