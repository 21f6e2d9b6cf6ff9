import { inBinaryUnits } from './body-limit.js';

/**
 * The most the request line and headers may take together (Node's default, stated so that SPEC §4's 431 has its
 * number here); beyond it Node refuses the request before any route sees it.
 */
export const MAX_HEADER_BYTES = 16 * 1024;

/** MAX_HEADER_BYTES for people, as the 431 problem states it. */
export const MAX_HEADER_TEXT = inBinaryUnits(MAX_HEADER_BYTES);
