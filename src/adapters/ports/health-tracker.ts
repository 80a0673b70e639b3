/** The health-tracker port: readings a patient records at home, the clinic's own measurements, and goals. See `../ports.ts` for the conventions every port follows. */
import type { Coding, DateValue, QuantityValue, ReadOptions, RecordRef, WriteOptions } from './common.js';

/** When a blood glucose reading was taken relative to a meal. */
export type MealContext = 'fasting' | 'before-meal' | 'after-meal';

/** Who measured a reading: the patient (or their caregiver) at home, or the clinic. */
export type ReadingSource = 'patient' | 'clinic';

/** One part of a panel reading (systolic or diastolic of a blood pressure). */
export interface ReadingPart {
  /** The part's code (LOINC `8480-6` systolic, `8462-4` diastolic). */
  code: string;
  /** English name of the part; elements translate the built-in ones. */
  name: string;
}

/**
 * A kind of reading the tracker offers: the built-in ones in {@link DEFAULT_READING_TYPES},
 * plus any a host configures by LOINC code and UCUM unit.
 */
export interface ReadingType {
  /** Stable id (`blood-pressure`, `weight`, or a host's own). */
  id: string;
  /** The LOINC code the reading is saved under. */
  code: string;
  /** Other LOINC codes read as this type (for example a glucometer-specific glucose code). */
  alsoCodes?: readonly string[];
  /** English name; built-in types are translated by the element, a host's are shown as given. */
  name: string;
  /** FHIR observation category: `vital-signs`, `activity` or `survey`. */
  category: 'vital-signs' | 'activity' | 'survey';
  /** The UCUM unit readings are stored in. */
  unit: string;
  /** UCUM units the patient may enter (the first is the default); they are converted to {@link unit}. */
  entryUnits?: readonly string[];
  /** Parts of a panel (blood pressure); absent for a single value. */
  parts?: readonly ReadingPart[];
  /** Whether to ask when it was measured relative to a meal (blood glucose). */
  mealContext?: boolean;
  /** Decimals kept when stored (default 0). */
  decimals?: number;
  /** Smallest and largest value that can be real (a typo guard, not a safety rule). */
  plausible?: { min: number; max: number };
}

/** A measured amount in one part of a reading. */
export interface ReadingValue {
  /** The part's code (for a panel) or the reading type's code. */
  code: string;
  /** The amount, in UCUM. */
  quantity: QuantityValue;
}

/** One reading: recorded by the patient, or measured at the clinic. */
export interface Reading {
  /** The stored record's id; absent until saved. */
  id?: string;
  /** The reading type's id (matched by code when read back). */
  typeId: string;
  /** The LOINC code the reading is saved under. */
  code: Coding;
  /** Whose reading it is. */
  patient: RecordRef;
  /** When it was measured: a date-time with offset, or a date when only the day is known. */
  effective: DateValue;
  /** One value for a single reading; one per part for a panel, in the parts' order. */
  values: ReadingValue[];
  /** Glucose only: when it was measured relative to a meal. */
  mealContext?: MealContext;
  /** Who measured it. A patient-reported reading is always marked so. */
  source: ReadingSource;
  /** Who recorded it (`Patient/…` or `RelatedPerson/…` for a patient-reported one). */
  performer?: RecordRef;
  /** The note the patient added (untrusted text). */
  note?: string;
}

/** One target of a goal: a measure and the range it should be in. */
export interface GoalTarget {
  /** The LOINC code of what is measured (a reading type's code, or a part's code). */
  code: string;
  /** The target's lower bound (for example "at least 150"). */
  low?: QuantityValue;
  /** The target's upper bound (for example "below 130"). */
  high?: QuantityValue;
  /** When the target should be reached. */
  due?: DateValue;
}

/** A goal agreed with the care team. */
export interface HealthGoal {
  /** The goal's record id. */
  id: string;
  /** The goal in words, as the care team wrote it (untrusted text). */
  description: string;
  /** `proposed`, `planned`, `accepted`, `active`, `on-hold`, `completed`, … */
  status: string;
  /** Measurable targets. */
  targets: GoalTarget[];
}

/** Which readings to list. */
export interface ReadingQuery {
  /** Reading types to include (default: the built-in ones). */
  types?: readonly ReadingType[];
  /** Earliest date (inclusive), `YYYY-MM-DD`. */
  from?: DateValue;
  /** Latest date (inclusive), `YYYY-MM-DD`. */
  to?: DateValue;
}

/** Reads and records a patient's readings and reads their goals. */
export interface HealthTrackerPort {
  /**
   * The patient's readings of the given types in the range, both patient-reported and
   * clinic-measured (each marked by `source`), oldest first. Entered-in-error and
   * cancelled records are left out.
   */
  listReadings(patient: RecordRef, query?: ReadingQuery, options?: ReadOptions): Promise<Reading[]>;
  /**
   * Saves a patient-reported reading and returns it as stored. The same idempotency key
   * never stores twice (an import derives one key per row from the row's content).
   */
  recordReading(reading: Reading, options: WriteOptions): Promise<Reading>;
  /** The patient's goals that are not cancelled or entered in error. */
  listGoals(patient: RecordRef, options?: ReadOptions): Promise<HealthGoal[]>;
}

/** LOINC codes of the built-in reading types. */
export const LOINC_CODES = {
  bloodPressure: '85354-9',
  bloodPressureOlder: '55284-4',
  systolic: '8480-6',
  diastolic: '8462-4',
  heartRate: '8867-4',
  bodyWeight: '29463-7',
  glucose: '2339-0',
  glucoseMeter: '41653-7',
  oxygenSaturation: '59408-5',
  oxygenSaturationArterial: '2708-6',
  steps: '41950-7',
} as const;

/**
 * The built-in reading types. Codes follow the FHIR vital-signs profiles (blood pressure
 * as the 85354-9 panel with systolic 8480-6 and diastolic 8462-4 parts, heart rate 8867-4,
 * body weight 29463-7, pulse oximetry 59408-5 with 2708-6) and LOINC for glucose and steps.
 */
export const DEFAULT_READING_TYPES: readonly ReadingType[] = [
  {
    id: 'blood-pressure',
    code: LOINC_CODES.bloodPressure,
    // Synthea and many EHRs still use the older "systolic and diastolic" panel code
    alsoCodes: [LOINC_CODES.bloodPressureOlder],
    name: 'Blood pressure',
    category: 'vital-signs',
    unit: 'mm[Hg]',
    parts: [
      { code: LOINC_CODES.systolic, name: 'Top number (systolic)' },
      { code: LOINC_CODES.diastolic, name: 'Bottom number (diastolic)' },
    ],
    plausible: { min: 20, max: 300 },
  },
  { id: 'pulse', code: LOINC_CODES.heartRate, name: 'Pulse', category: 'vital-signs', unit: '/min', plausible: { min: 20, max: 300 } },
  {
    id: 'weight',
    code: LOINC_CODES.bodyWeight,
    name: 'Weight',
    category: 'vital-signs',
    unit: 'kg',
    entryUnits: ['[lb_av]', 'kg'],
    decimals: 2,
    plausible: { min: 0.5, max: 650 },
  },
  {
    id: 'glucose',
    code: LOINC_CODES.glucose,
    alsoCodes: [LOINC_CODES.glucoseMeter],
    name: 'Blood sugar',
    category: 'vital-signs',
    unit: 'mg/dL',
    entryUnits: ['mg/dL', 'mmol/L'],
    mealContext: true,
    plausible: { min: 10, max: 1500 },
  },
  {
    id: 'oxygen',
    code: LOINC_CODES.oxygenSaturation,
    alsoCodes: [LOINC_CODES.oxygenSaturationArterial],
    name: 'Oxygen level',
    category: 'vital-signs',
    unit: '%',
    plausible: { min: 50, max: 100 },
  },
  { id: 'steps', code: LOINC_CODES.steps, name: 'Steps', category: 'activity', unit: '/d', plausible: { min: 0, max: 200_000 } },
];
