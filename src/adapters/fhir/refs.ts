import { EngageError } from '../../core/errors.js';

/**
 * The id in a `Type/id` reference (absolute URLs and `_history` suffixes allowed).
 * Throws `invalid` when the reference is of another type.
 */
export function idOf(ref: string, type: string): string {
  const parts = ref.split('/_history/')[0]!.split('/').filter(Boolean);
  const id = parts.at(-1);
  const refType = parts.at(-2);
  if (!id || (refType !== undefined && refType !== type)) {
    throw new EngageError('invalid', `Expected a ${type} reference.`);
  }
  return id;
}
