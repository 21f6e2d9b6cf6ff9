import type { RawData, WebSocket } from 'ws';
import { socketMessageOf } from './socket-messages.js';

/** How long a new socket has to send `connection_init` (SPEC §5). */
export const CONNECTION_INIT_DEADLINE_MS = 10_000;
/** graphql-ws' close code for a socket that did not initialise in time. */
const CONNECTION_INITIALISATION_TIMEOUT = 4408;

/**
 * Closes the socket with graphql-ws' 4408 unless it sends `connection_init` within CONNECTION_INIT_DEADLINE_MS:
 * mercurius would otherwise hold a silent socket, and the file descriptor under it, for as long as it stays open.
 */
export function closeUnlessInitialisedInTime(socket: WebSocket): void {
  const timer = setTimeout(() => {
    socket.close(CONNECTION_INITIALISATION_TIMEOUT, 'Connection initialisation timeout');
  }, CONNECTION_INIT_DEADLINE_MS);
  const stop = (): void => {
    clearTimeout(timer);
    socket.off('message', initialised);
    socket.off('close', stop);
  };
  function initialised(data: RawData): void {
    if (socketMessageOf(data)?.type === 'connection_init') stop();
  }
  socket.on('message', initialised);
  socket.on('close', stop);
}
