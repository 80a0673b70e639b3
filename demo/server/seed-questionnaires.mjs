// @ts-check
/**
 * Demo questionnaire data (issue #16): the PHQ-9 and the care team's request that the
 * featured patient fill it in.
 *
 * The form is the LHC-Forms PHQ-9 (`demo/data/questionnaires/phq9.json`), cleaned so that a
 * validating FHIR server accepts it: the local server answers the form as published with
 * a 422 (string `valueDuration.value`s and variable names that are not FHIR `id`s).
 * demo/data/README.md lists each change; every item, code, answer option, `ordinalValue`
 * and the total-score expression are kept (test/node/demo-questionnaire.test.mjs checks it
 * against the verbatim copy in test/fixtures/questionnaires/).
 *
 * The request is what the questionnaire port reads as an assignment
 * (src/adapters/fhir/questionnaire-port.ts): an SDC "complete-questionnaire" `Task` for the
 * patient whose input is the form's canonical URL. It is a week old (`$now-7d`), resolved
 * at seed time like the other demo dates (seed.mjs).
 */
import { readFileSync } from 'node:fs';

/** The cleaned PHQ-9 (a Questionnaire, not a Bundle: seed.mjs's own file scan skips it). */
const PHQ9_FILE = new URL('../data/questionnaires/phq9.json', import.meta.url);

/** The SDC code of a Task that asks a patient to fill in a questionnaire. */
const SDC_TEMP = 'http://hl7.org/fhir/uv/sdc/CodeSystem/temp';

/**
 * The questionnaire seed batch: the PHQ-9 and its assignment to `patientId`.
 * @param {string} patientId - the patient asked to fill it in (the demo's featured patient)
 * @returns {{ file: string, bundle: import('@medplum/fhirtypes').Bundle }}
 */
export function questionnaireSeedFile(patientId) {
  /** @type {any} */
  const phq9 = JSON.parse(readFileSync(PHQ9_FILE, 'utf8'));
  /** @type {any[]} */
  const resources = [
    phq9,
    {
      resourceType: 'Task',
      id: 'demo-task-phq9',
      status: 'requested',
      intent: 'order',
      code: { coding: [{ system: SDC_TEMP, code: 'complete-questionnaire' }] },
      description: phq9.title,
      for: { reference: `Patient/${patientId}` },
      authoredOn: '$now-7d',
      input: [{ type: { coding: [{ system: SDC_TEMP, code: 'questionnaire' }] }, valueCanonical: phq9.url }],
    },
  ];
  return {
    file: 'generated:questionnaires',
    bundle: { resourceType: 'Bundle', type: 'transaction', entry: resources.map((resource) => ({ resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } })) },
  };
}
