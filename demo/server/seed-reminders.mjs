// @ts-check
/**
 * Care-reminder seed data (#14) for the demo's Reminders tab: the featured patient's Synthea
 * record ends in 2020, so against today every rule that applies to her is overdue. This adds
 * one clinic blood-pressure reading two months before the server starts (vital signs, LOINC
 * 85354-9 with its systolic and diastolic components, the codes of the rule set's
 * `blood-pressure` code set), so her list shows one item done beside the due ones. Dates are
 * relative to `now`, like the scheduling seed.
 */
/** The featured patient (`FEATURED_PATIENT_ID` in seed.mjs, which imports this module). */
const FEATURED_PATIENT_ID = 'f341c771-5aff-4858-9406-9d45e8a56246';

const LOINC = 'http://loinc.org';

/**
 * The transaction bundle of the reminder seed, for the seed loader.
 * @param {Date} [now]
 * @returns {{ file: string, bundle: any }}
 */
export function reminderSeedFile(now = new Date()) {
  const taken = new Date(now.getTime() - 61 * 24 * 3600_000).toISOString().slice(0, 10);
  const reading = {
    resourceType: 'Observation',
    id: 'demo-reminders-bp',
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs', display: 'Vital Signs' }] }],
    code: { coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel with all children optional' }], text: 'Blood pressure' },
    subject: { reference: `Patient/${FEATURED_PATIENT_ID}` },
    effectiveDateTime: `${taken}T10:30:00-05:00`,
    component: [
      { code: { coding: [{ system: LOINC, code: '8480-6', display: 'Systolic blood pressure' }] }, valueQuantity: { value: 124, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
      { code: { coding: [{ system: LOINC, code: '8462-4', display: 'Diastolic blood pressure' }] }, valueQuantity: { value: 78, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
    ],
  };
  return {
    file: 'generated:reminders',
    bundle: { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: reading, request: { method: 'PUT', url: `Observation/${reading.id}` } }] },
  };
}
