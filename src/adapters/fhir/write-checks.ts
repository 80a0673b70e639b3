/**
 * Whether a write's answer shows what was sent stored: a stored resource of the written type,
 * holding every element sent (what a server may rightly rewrite aside). Every FHIR write is
 * judged by these rules (the client's create and update, transactions, read receipts); a page
 * that only reads never loads them (`FhirClient` imports them with its first write).
 */
import { EngageError } from '../../core/errors.js';
import type { Resource } from './fhir-types.js';
import { isObject } from './guards.js';
import { outcomeText } from './client-outcome.js';

/** Whether a write's answer is a stored resource of the written type (with its id). */
export function isStored(body: unknown, type: string): boolean {
  const resource = body as Resource | undefined;
  return Boolean(resource) && typeof resource === 'object' && resource!.resourceType === type && typeof resource!.id === 'string' && resource!.id !== '';
}

/** The error for a write whose answer does not show anything stored. */
export function notStored(type: string, status: number, body: unknown): EngageError {
  const details = outcomeText(body);
  const what = (body as Resource | undefined)?.resourceType;
  const why =
    what === 'OperationOutcome'
      ? 'the server answered with an OperationOutcome and stored nothing'
      : what
        ? `the server answered with a ${String(what)}, not the stored ${type}`
        : `the server did not return the stored ${type}`;
  const text = details.length ? ` (${details.join(' ')})` : '';
  return new EngageError('server', `Writing a ${type} failed: ${why}${text}.`, { status, details });
}

/** A FHIR `instant` / `dateTime` with a time, which a server may write another way. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Whether a sent value is empty: FHIR forbids empty elements, so a server may drop them. */
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.every(isEmpty);
  return typeof value === 'object' && Object.values(value).every(isEmpty);
}

/**
 * Where the stored resource does not hold what was sent (the paths, empty when it does):
 * a `200`/`201` from a server that dropped an element it does not support, or stored less,
 * is not a write of what the user typed. What a server may rightly rewrite is no loss: it
 * owns `id`, `meta` and the generated narrative `text`; a `urn:uuid:` reference of a
 * transaction becomes the stored id; contained resources may be renumbered (HAPI does), with
 * their `#local` references; two date-times are the same instant however written; a string
 * may lose its leading and trailing whitespace (the spec asks servers to remove it).
 */
export function notHeld(sent: unknown, stored: unknown, path = ''): string[] {
  if (isEmpty(sent)) return [];
  if (Array.isArray(sent)) {
    const held = Array.isArray(stored) ? stored : [];
    // an item is held when some stored item holds it (servers keep order, but need not)
    return sent.flatMap((item, index) => {
      const at = `${path}[${index}]`;
      return isEmpty(item) || held.some((candidate) => notHeld(item, candidate, at).length === 0) ? [] : [at];
    });
  }
  if (typeof sent === 'object') {
    if (!isObject(stored)) return [path || '(resource)'];
    return Object.entries(sent as Record<string, unknown>).flatMap(([key, value]) => {
      if (path === '' && (key === 'id' || key === 'meta' || key === 'text')) return [];
      return notHeld(value, stored[key], path ? `${path}.${key}` : key);
    });
  }
  if (typeof sent === 'string') {
    if (/^(urn:uuid:|#)/.test(sent) && path.endsWith('reference')) return [];
    if (/^contained\[\d+\]\.id$/.test(path)) return [];
    if (typeof stored !== 'string') return [path];
    if (DATE_TIME.test(sent) && !Number.isNaN(Date.parse(sent)) && Date.parse(stored) === Date.parse(sent)) return [];
    return sent.trim() === stored.trim() ? [] : [path];
  }
  return sent === stored ? [] : [path];
}

/** The error for a write whose answer stored less than was sent (see {@link notHeld}). */
export function notHeldError(type: string, status: number, missing: string[]): EngageError {
  return new EngageError('server', `Writing a ${type} failed: the server did not store all of it (${missing.join(', ')}).`, {
    status,
    details: missing.map((path) => `Not stored: ${path}`),
  });
}
