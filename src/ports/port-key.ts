/** A port's key in the container: typed by the port, so binding or asking for the wrong one does not compile. */
export type PortKey<T> = abstract new () => T;

/** A key for the port `T`, named so that the container's messages say which binding is missing. */
export function portKey<T>(name: string): PortKey<T> {
  const key = { [name]: class {} }[name];
  return key as unknown as PortKey<T>;
}
