/**
 * JSON.stringify that writes a bigint as the exact number it is (an id beyond 2^53 - 1), where
 * JSON.stringify alone throws. Rows without one take JSON.stringify's own path, at its own speed.
 */
export function jsonText(value: unknown, space?: number): string {
  try {
    return JSON.stringify(value, undefined, space);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
  // A NUL cannot occur in database text, so the marker cannot be mistaken for data.
  const text = JSON.stringify(
    value,
    (_key, item: unknown) => (typeof item === 'bigint' ? `\u0000bigint:${item}` : item),
    space,
  );
  return text.replace(/"\\u0000bigint:(-?\d+)"/g, '$1');
}
