/**
 * A port's key in the container: typed by the port, so binding or asking for the wrong one does not compile.
 * Adapters and the composition root make their own keys the same way (an adapter's settings, the HTTP plugins).
 */
export type PortKey<T> = abstract new () => T;

/** A new key for the port `T`; `name` is what the container's errors call it. */
export function portKey<T>(name: string): PortKey<T> {
  // A class is a key inversify accepts whose type can carry T; it is never instantiated, only compared.
  const key = class {};
  Object.defineProperty(key, 'name', { value: name });
  return key as unknown as PortKey<T>;
}
