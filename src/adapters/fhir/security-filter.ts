/**
 * Server-side filtering of withheld security labels (issue #18: "what is hidden is not
 * fetched where the server can filter"). A read whose options carry `withheldLabels` (the
 * proxy policy's) adds one `_security:not=<system>|<code>` per label to its searches, so
 * the server leaves those records out. Repeated parameters AND together: a record is
 * returned only when it carries none of the labels (`_security:not=a,b` would be read by
 * some servers as "not both", so the list form is not used).
 *
 * Not every server implements `_security` or the `:not` modifier, and a CapabilityStatement
 * cannot say whether `:not` is supported. So the adapter tries: when a search with the
 * filter is refused (400), the read is repeated once without it and the client remembers
 * that its server refuses it. A server that silently ignores the parameter returns the
 * labelled records; either way the proxy wrapper (`src/core/proxy-adapter.ts`) drops them,
 * so the filter saves transfer and exposure but is never the guarantee.
 */
import { isEngageError } from '../../core/errors.js';
import type { ReadOptions } from '../ports.js';
import type { BatchResult, FhirClient } from './client.js';

/** Clients whose server refused `_security:not` (it is not asked again). */
const refused = new WeakSet<FhirClient>();

/**
 * The `_security:not` values (`<system>|<code>`, one per label) for a read with these
 * options on this client, for a search given as parameters; empty when nothing is withheld
 * or the server refused the filter before.
 */
export function securityNotValues(client: FhirClient, options: ReadOptions | undefined): string[] {
  const labels = options?.withheldLabels ?? [];
  if (!labels.length || refused.has(client)) return [];
  return [...new Set(labels.map((label) => (label.system ? `${label.system}|${label.code}` : label.code)))];
}

/**
 * The query suffix (`&_security:not=…`, one per label) for a read with these options on
 * this client; empty when nothing is withheld or the server refused the filter before.
 */
export function securityNot(client: FhirClient, options: ReadOptions | undefined): string {
  return securityNotValues(client, options)
    .map((value) => `&_security:not=${encodeURIComponent(value)}`)
    .join('');
}

/**
 * Whether a read that sent `filter` failed because the server refused it: a 400 for the
 * whole batch (`error`) or for one of its searches (`results`). Remembers the refusal so
 * the caller's retry, and every later read on this client, goes without the filter.
 */
export function filterRefused(client: FhirClient, filter: string, outcome: { error?: unknown; results?: readonly BatchResult[] }): boolean {
  if (!filter) return false;
  const refusedHere =
    (isEngageError(outcome.error) && outcome.error.status === 400) ||
    (outcome.results ?? []).some((result) => !result.ok && result.status === 400);
  if (refusedHere) refused.add(client);
  return refusedHere;
}
