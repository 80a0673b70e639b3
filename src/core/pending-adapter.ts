/**
 * The adapter a provider hands out while the one it builds from `fhir-base-url` is still
 * loading (the FHIR adapter is its own chunk: a page that passes its own adapter never
 * downloads it). It has no ports; elements show "loading" for it, not "not configured".
 */
import type { EngageAdapter } from '../adapters/ports.js';

const PENDING = Symbol.for('ehr-engage.pending-adapter');

/** The one pending adapter. */
export const pendingAdapter: EngageAdapter = Object.freeze({ [PENDING]: true }) as EngageAdapter;

/** Whether `adapter` is the placeholder of an adapter still loading. */
export function isPendingAdapter(adapter: EngageAdapter | undefined): boolean {
  return !!adapter && PENDING in adapter;
}
