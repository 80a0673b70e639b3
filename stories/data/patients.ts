/**
 * Sample patients for stories, transcribed from the Synthea fixtures in demo/data
 * (smart-on-fhir/generated-sample-data, Apache-2.0; synthetic, no real patients),
 * plus edge cases real data also has: a long name, a missing birth date, a
 * high-criticality allergy.
 */
import type { PatientDemographics } from '../../src/adapters/ports.js';

const mrn = (value: string) => ({ value, typeCode: 'MR', typeLabel: 'Medical Record Number', system: 'http://hospital.smarthealthit.org' });
const language = (code: string, text: string) => ({ text, codings: [{ system: 'urn:ietf:bcp:47', code, display: text }] });

/** Carla Echevarría: teenage patient, Spanish speaker, five environmental allergies. */
export const carla: PatientDemographics = {
  ref: 'Patient/d8e20eac-1721-4a71-ba98-c23d32e75105',
  names: [{ use: 'official', family: 'Echevarría', given: ['Carla'], prefix: [], suffix: [] }],
  birthDate: '2005-05-03',
  sex: 'female',
  identifiers: [mrn('9a628ccd-2a55-4331-8e68-bb58458fd674')],
  mrn: mrn('9a628ccd-2a55-4331-8e68-bb58458fd674'),
  preferredLanguage: language('es', 'Spanish'),
  allergies: { kind: 'recorded', count: 5, mostSevere: { substance: 'Allergy to mould', criticality: 'low' } },
};

/** Dennis Durgan: died in 2008. */
export const dennis: PatientDemographics = {
  ref: 'Patient/0ac13d55-d566-450a-aea0-f6a71f1ad73b',
  names: [{ use: 'official', family: 'Durgan', given: ['Dennis'], prefix: ['Mr.'], suffix: [] }],
  birthDate: '1949-04-19',
  sex: 'male',
  deceased: '2008-11-12T12:17:10+00:00',
  identifiers: [mrn('78f005f3-7b33-4a5b-84d9-28417b36dbab')],
  mrn: mrn('78f005f3-7b33-4a5b-84d9-28417b36dbab'),
  preferredLanguage: language('en-US', 'English'),
  allergies: { kind: 'recorded', count: 4, mostSevere: { substance: 'Allergy to tree pollen', criticality: 'low' } },
};

/** Kermit Trantow with a severe, high-criticality allergy added. */
export const kermit: PatientDemographics = {
  ref: 'Patient/1f456f0a-acb1-4728-82af-01ca57083c7b',
  names: [{ use: 'official', family: 'Trantow', given: ['Kermit'], prefix: ['Mr.'], suffix: [] }],
  birthDate: '1993-06-21',
  sex: 'male',
  identifiers: [mrn('f1a650a5-737e-4fd7-828e-03c3348b9524')],
  mrn: mrn('f1a650a5-737e-4fd7-828e-03c3348b9524'),
  preferredLanguage: language('ru-RU', 'Russian (Russia)'),
  allergies: { kind: 'recorded', count: 3, mostSevere: { substance: 'Allergy to peanuts', criticality: 'high', severity: 'severe' } },
};

/** Recorded as having no known allergies. */
export const noKnownAllergies: PatientDemographics = {
  ...kermit,
  ref: 'Patient/nka',
  allergies: { kind: 'none-known' },
};

/** Nothing recorded about allergies, no birth date, a very long name. */
export const sparse: PatientDemographics = {
  ref: 'Patient/sparse',
  names: [
    {
      use: 'official',
      family: 'Wolfeschlegelsteinhausenbergerdorff-Montgomery',
      given: ['Maximiliana', 'Guadalupe', 'Anastasia'],
      prefix: [],
      suffix: ['III'],
    },
  ],
  identifiers: [],
  allergies: { kind: 'unrecorded' },
};

export const allPatients = [carla, dennis, kermit, noKnownAllergies, sparse];
