/**
 * Vaccination histories for the immunization stories, copied from CDC's CDSi test cases
 * ("healthy childhood and adult" v4.45, test/fixtures/cdsi/healthy-v4.45.ndjson; public
 * domain). Each record names its case id; the dates, CVX codes, vaccine names, birth dates
 * and the registry forecast's values are the case's own. Patient names are the cases' titles
 * (CDC's cases have no names); the registry is fictional.
 */
import type { ImmunizationForecast, ImmunizationRecord, ImmunizationSource } from '../../src/adapters/ports.js';

const CVX = 'http://hl7.org/fhir/sid/cvx';

interface CaseDose {
  date: string;
  cvx: string;
  name: string;
}

function caseRecord(
  id: string,
  birthDate: string,
  gender: 'female' | 'male',
  doses: CaseDose[],
  source: ImmunizationSource = 'historical',
): ImmunizationRecord {
  return {
    patient: { ref: `Patient/cdsi-${id}`, name: `CDC case ${id}`, birthDate, gender },
    vaccinations: doses.map((d, i) => ({
      id: `${id}-${i + 1}`,
      vaccine: { text: d.name, codings: [{ system: CVX, code: d.cvx }] },
      cvx: d.cvx,
      date: d.date,
      status: 'given',
      source,
      ...(source === 'administered' ? { location: 'Demo Family Clinic' } : {}),
    })),
  };
}

/** CDC case 2013-0627 "Dose # 2 at age 10 weeks": polio on schedule, dose 3 due later (assessed 2025-11-10). */
export const ON_SCHEDULE = {
  asOf: '2025-11-10',
  record: caseRecord('2013-0627', '2025-09-01', 'female', [
    { date: '2025-10-13', cvx: '10', name: 'IPOL' },
    { date: '2025-11-10', cvx: '10', name: 'IPOL' },
  ], 'administered'),
};

/** CDC case 2013-0212: an adolescent whose HepB dose 4 is past due on 2025-11-10. */
export const OVERDUE = {
  asOf: '2025-11-10',
  record: caseRecord('2013-0212', '2012-02-10', 'female', [
    { date: '2025-06-10', cvx: '43', name: 'RECOMBIVAX-ADULT' },
    { date: '2025-09-10', cvx: '43', name: 'RECOMBIVAX-ADULT' },
    { date: '2025-10-31', cvx: '08', name: 'RECOMBIVAX-PEDS' },
  ]),
};

/** CDC case 2025-0046: a 24-year-old with COVID-19 doses from 2023 and 2024, due for this season's dose (assessed 2025-09-23). */
export const ADULT_GAP = {
  asOf: '2025-09-23',
  record: caseRecord('2025-0046', '2001-08-20', 'male', [
    { date: '2023-05-18', cvx: '208', name: 'Pfizer-BioNTech COVID-19 Vaccine (EUA labeled)  COMIRNATY (BLA labeled)' },
    { date: '2023-06-08', cvx: '211', name: 'Novavax COVID-19 Vaccine (Non-US Tradenames NUVAXOVID, COVOVAX)' },
    { date: '2024-08-24', cvx: '313', name: 'Novavax COVID-19 Vaccine, Adjuvanted (US Only)' },
  ]),
};

/** CDC case 2013-0524 "#2 at 4 years" as a registry response: MMR complete, with the registry's own forecast (CDC's expected result). */
export const REGISTRY = {
  asOf: '2025-11-10',
  record: {
    ...caseRecord('2013-0524', '2021-11-10', 'female', [
      { date: '2023-02-10', cvx: '03', name: 'Priorix' },
      { date: '2025-11-10', cvx: '03', name: 'Priorix' },
    ], 'registry'),
    sourceName: 'Demo State Immunization Information System',
    retrievedAt: '2025-11-10T09:30:00-05:00',
    lookup: 'found',
  } satisfies ImmunizationRecord,
  forecast: {
    source: 'registry',
    sourceName: 'Demo State Immunization Information System',
    asOf: '2025-11-10',
    madeAt: '2025-11-10',
    groups: [{ vaccineGroup: 'MMR', status: 'complete', sourceStatus: 'Complete', series: 'ACIP schedule' }],
    evaluations: [
      { vaccinationId: '2013-0524-1', vaccineGroup: 'MMR', valid: true, sourceStatus: 'Valid', doseNumber: 1 },
      { vaccinationId: '2013-0524-2', vaccineGroup: 'MMR', valid: true, sourceStatus: 'Valid', doseNumber: 2 },
    ],
  } satisfies ImmunizationForecast,
};

/** A registry query for a person the registry does not know (QAK-2 = NF). */
export const REGISTRY_NOT_FOUND: ImmunizationRecord = {
  patient: { ref: 'Patient/iis-not-found' },
  vaccinations: [],
  sourceName: 'Demo State Immunization Information System',
  lookup: 'not-found',
};

/** CDC case 2013-0286 "# 2 at 10 wks-5 days": a Hib dose given too young, for the caregiver view (assessed 2025-11-10). */
export const CAREGIVER = {
  asOf: '2025-11-10',
  record: caseRecord('2013-0286', '2025-09-06', 'female', [
    { date: '2025-10-14', cvx: '48', name: 'ACTHIB' },
    { date: '2025-11-10', cvx: '48', name: 'ACTHIB' },
  ], 'administered'),
};

/** CDC case 2013-0002 "DTaP #2 at age 10 weeks-5 days": the second dose is not valid (age: too young), for the clinician view. */
export const CLINICIAN = {
  asOf: '2025-11-10',
  record: caseRecord('2013-0002', '2025-09-06', 'female', [
    { date: '2025-10-15', cvx: '107', name: 'DTaP, unspecified formulation' },
    { date: '2025-11-10', cvx: '107', name: 'DTaP, unspecified formulation' },
  ], 'administered'),
};

/**
 * The clinician's record beside an MMR dose given abroad and coded only by its trade name
 * (no CVX code): the forecast cannot count it, so the group it may belong to says "ask"
 * and lists it, never "due" (Canada's CVC codes it so; the target diseases place it in MMR).
 */
export const UNREADABLE_DOSE = {
  asOf: CLINICIAN.asOf,
  record: {
    ...CLINICIAN.record,
    vaccinations: [
      ...CLINICIAN.record.vaccinations,
      {
        id: 'abroad-priorix',
        vaccine: { text: 'Priorix (MMR)', codings: [{ system: 'https://cvc.canimmunize.ca/v3/ValueSet/TradeName', display: 'Priorix' }] },
        vaccineGroups: ['MMR'],
        date: '2025-10-20',
        status: 'given',
        source: 'historical',
      },
    ],
  } satisfies ImmunizationRecord,
};

/** CDC case 2013-0639: polio series complete at 4 years, for the printed record (assessed 2025-11-10). */
export const PRINTED = {
  asOf: '2025-11-10',
  record: caseRecord('2013-0639', '2021-11-14', 'female', [
    { date: '2022-11-14', cvx: '10', name: 'IPOL' },
    { date: '2025-04-14', cvx: '10', name: 'IPOL' },
    { date: '2025-11-10', cvx: '10', name: 'IPOL' },
  ], 'administered'),
};

/** An adult with no vaccinations on record (no CDC case: an empty history). */
export const NO_RECORDS = {
  asOf: '2025-11-10',
  record: { patient: { ref: 'Patient/no-records', name: 'No records on file', birthDate: '1990-04-02', gender: 'female' }, vaccinations: [] } satisfies ImmunizationRecord,
};
