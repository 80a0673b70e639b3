/**
 * What a server's answer says went wrong: the error code for an HTTP status, the text of
 * an OperationOutcome, and whether a write's answer shows anything stored. Apart from the
 * client because single requests, batches and the ports' own writes all judge answers by
 * these same rules.
 */
import { EngageError, type EngageErrorCode } from '../../core/errors.js';
import type { OperationOutcome, Resource } from './fhir-types.js';
import { arrayOf, isObject, objectOf, stringOf } from './guards.js';

const STATUS_CODES: [number, EngageErrorCode][] = [
  [401, 'unauthorized'],
  [403, 'forbidden'],
  [404, 'not-found'],
  [410, 'not-found'],
  [409, 'conflict'],
  [412, 'conflict'],
  [400, 'invalid'],
  [422, 'invalid'],
  [429, 'rate-limited'],
];

/** The error code for an HTTP status that is not a success. */
export function codeForStatus(status: number): EngageErrorCode {
  return STATUS_CODES.find(([s]) => s === status)?.[1] ?? (status >= 500 ? 'server' : 'invalid');
}

/** The human-readable text of an OperationOutcome's issues. */
export function outcomeText(outcome: unknown): string[] {
  if (!isOutcome(outcome)) return [];
  return arrayOf<NonNullable<OperationOutcome['issue']>[number]>(outcome.issue)
    .map((issue) => {
      const details = objectOf<{ text?: unknown; coding?: unknown }>(issue.details);
      return (
        stringOf(details?.text) ??
        stringOf(issue.diagnostics) ??
        stringOf(arrayOf<{ display?: unknown }>(details?.coding)[0]?.display) ??
        stringOf(issue.code) ??
        ''
      );
    })
    .filter((text) => text !== '');
}

/** Whether a value is an OperationOutcome resource. */
export function isOutcome(value: unknown): value is OperationOutcome {
  return isObject(value) && value.resourceType === 'OperationOutcome';
}

/** Whether an OperationOutcome reports an error (any issue of severity `error` or `fatal`). */
export function reportsError(outcome: unknown): boolean {
  return isOutcome(outcome) && arrayOf<{ severity?: unknown }>(outcome.issue).some((i) => i.severity === 'error' || i.severity === 'fatal');
}

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
