/**
 * `HealthTrackerPort.recordReading` as a content write of the write-protocol contract
 * (contract-write-protocol.test.ts runs it on both adapters). Each scope is a fresh patient;
 * the content label rides in the reading's note.
 */
import type { HealthTrackerPort, Reading } from '../../../src/adapters/ports.js';
import type { ContentWrite } from './write-protocol.js';

const reading = (patient: string, label: string): Reading => ({
  typeId: 'weight',
  code: { system: 'http://loinc.org', code: '29463-7' },
  patient,
  effective: '2024-06-15',
  values: [{ code: '29463-7', quantity: { value: 80, unit: 'kg', code: 'kg' } }],
  source: 'patient',
  performer: patient,
  note: `Weighed ${label}`,
});

/** The write; `newPatient` makes the scope's patient, `records` reads what the backend holds for it. */
export function recordReadingWrite(
  port: HealthTrackerPort,
  newPatient: (token: string) => Promise<string>,
  records: (patient: string) => Promise<unknown[]>,
): ContentWrite {
  return {
    method: 'HealthTrackerPort.recordReading',
    marker: '"Observation"',
    async scope(token) {
      const patient = await newPatient(token);
      return {
        write: (label, keys) => port.recordReading(reading(patient, label), keys),
        records: () => records(patient),
      };
    },
  };
}
