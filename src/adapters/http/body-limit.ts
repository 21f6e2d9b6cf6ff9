/** The largest request body any route reads (SPEC §4: 1 MiB); over it, 413 PAYLOAD_TOO_LARGE. */
export const BODY_LIMIT = 1024 * 1024;

/** BODY_LIMIT for people, e.g. "1 MiB": the problem detail and the OpenAPI document say what is enforced. */
export const BODY_LIMIT_TEXT = inBinaryUnits(BODY_LIMIT);

export function inBinaryUnits(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'] as const;
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && size % 1024 === 0 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${size} ${units[unit] ?? 'bytes'}`;
}
