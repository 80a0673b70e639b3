/**
 * What a server's answer says went wrong: the error code for an HTTP status and the text of
 * an OperationOutcome. Apart from the client because single requests, batches and the ports'
 * own writes all judge answers by these same rules. Whether a write's answer holds what was
 * sent is `write-checks.ts`, loaded with the first write.
 */
import type { EngageErrorCode } from '../../core/errors.js';
import type { OperationOutcome } from './fhir-types.js';
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
