/**
 * A copy of `set` with `key` in it (`on`) or not; by default, the opposite of now.
 * Elements keep their open, selected and busy keys in sets held by reactive properties, and
 * Lit sees a change only when the property gets a new object: never mutate the set in place.
 */
export function toggled<T>(set: ReadonlySet<T>, key: T, on = !set.has(key)): Set<T> {
  const next = new Set(set);
  if (on) next.add(key);
  else next.delete(key);
  return next;
}
