/** A port's key in the container: typed by the port, so binding or asking for the wrong one does not compile. */
export type PortKey<T> = abstract new () => T;

/** A new key, named for error messages; two keys are never equal, whatever their names. */
export function portKey<T>(name: string): PortKey<T> {
  const key = Object.defineProperty(class {}, 'name', { value: name });
  return key as unknown as PortKey<T>;
}
