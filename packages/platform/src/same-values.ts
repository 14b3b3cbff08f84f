/**
 * Whether `a` and `b` hold the same values under `keys`: primitives by identity, arrays element by
 * element in order, plain objects key by key whatever their key order. For writes that must not make a
 * new version (nor an event) when they change nothing: a PATCH of what is already there is a no-op.
 */
export function sameValues<T extends object>(a: T, b: T, keys: readonly (keyof T)[]): boolean {
  return keys.every((key) => equalValues(a[key], b[key]));
}

function equalValues(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => equalValues(item, b[i]))
    );
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const aKeys = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const bKeys = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    aKeys.length === bKeys.length &&
    aKeys.every((k) => equalValues((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
