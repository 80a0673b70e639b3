// @ts-check
/**
 * Resource validation for create, update, patch and Bundle entries: medplum's memory
 * repository stores anything, so the server checks resources with medplum's
 * `validateResource` and answers 422 with an OperationOutcome whose errors come first.
 */
import { normalizeOperationOutcome, validateResource } from '@medplum/core';

/**
 * @param {unknown} resource
 * @param {string} [expressionPrefix]
 * @returns {import('@medplum/fhirtypes').OperationOutcome | undefined} 422 outcome when invalid
 */
export function validationOutcome(resource, expressionPrefix) {
  try {
    validateResource(/** @type {any} */ (resource));
    return undefined;
  } catch (err) {
    const outcome = normalizeOperationOutcome(err);
    const rank = (/** @type {string} */ s) => (s === 'fatal' || s === 'error' ? 0 : 1);
    return {
      resourceType: 'OperationOutcome',
      // errors first (medplum also reports warnings, e.g. for urn:uuid references)
      issue: [...(outcome.issue ?? [])].sort((a, b) => rank(a.severity) - rank(b.severity)).map((issue) => ({
        ...issue,
        ...(expressionPrefix && issue.expression
          ? { expression: issue.expression.map((e) => `${expressionPrefix}.${e.replace(/^[A-Za-z]+\./, '')}`) }
          : {}),
      })),
    };
  }
}
