/**
 * Safety thresholds: readings that need action now. They are data a host replaces
 * (`<engage-health-tracker>.safetyRules`) with its own clinical rules; the defaults below
 * cite their source. A rule never names a diagnosis: it says the reading is very high or
 * very low and what to do.
 */
import type { Reading } from '../../adapters/ports.js';
import { LOINC_CODES } from '../../adapters/ports/health-tracker.js';

/** What the patient is told to do. */
export type SafetyAction =
  /** Call emergency services now. */
  | 'emergency'
  /** Check again after a rest; if it is still there, call the care team; with listed warning signs, call emergency services. */
  | 'recheck-then-call'
  /** Treat a low blood sugar now, check again, and call the care team. */
  | 'treat-low-sugar';

/** One threshold. */
export interface SafetyRule {
  /** Stable id (tests, events). */
  id: string;
  /** The code of the value checked: a reading type's code or a part's code (systolic). */
  code: string;
  /** The comparison that makes a reading dangerous. */
  comparator: '>=' | '>' | '<=' | '<';
  /** The threshold, in {@link unit}. */
  value: number;
  /** UCUM unit of the threshold (readings are compared after conversion to it). */
  unit: string;
  /** Whether the reading is dangerously high or low (shown in words). */
  direction: 'high' | 'low';
  /** What to do. */
  action: SafetyAction;
  /** Where the threshold comes from. */
  source: string;
}

/**
 * Default thresholds, each from a published source:
 * - Blood pressure ≥ 180 systolic or ≥ 120 diastolic: the American Heart Association's
 *   "hypertensive crisis" category — wait five minutes, measure again, and if it is still
 *   that high call the care team; with chest pain, shortness of breath, back pain,
 *   numbness or weakness, a change in vision or trouble speaking, call 911
 *   (heart.org, "Understanding Blood Pressure Readings"; 2017 ACC/AHA guideline).
 * - Blood glucose < 54 mg/dL (3.0 mmol/L): level 2 hypoglycemia in the American Diabetes
 *   Association's Standards of Care (section 6, "Glycemic Goals and Hypoglycemia"); treat
 *   with 15 g of fast-acting sugar and check again after 15 minutes (the "15-15 rule").
 * - Oxygen saturation ≤ 92 %: the NHS pulse-oximeter advice ("if your blood oxygen level
 *   is 92% or lower … go to A&E or call 999"). People with long-term lung disease often
 *   have other targets: a host sets them per patient.
 */
export const DEFAULT_SAFETY_RULES: readonly SafetyRule[] = [
  {
    id: 'bp-systolic-crisis',
    code: LOINC_CODES.systolic,
    comparator: '>=',
    value: 180,
    unit: 'mm[Hg]',
    direction: 'high',
    action: 'recheck-then-call',
    source: 'American Heart Association, Understanding Blood Pressure Readings (hypertensive crisis)',
  },
  {
    id: 'bp-diastolic-crisis',
    code: LOINC_CODES.diastolic,
    comparator: '>=',
    value: 120,
    unit: 'mm[Hg]',
    direction: 'high',
    action: 'recheck-then-call',
    source: 'American Heart Association, Understanding Blood Pressure Readings (hypertensive crisis)',
  },
  {
    id: 'glucose-level-2-low',
    code: LOINC_CODES.glucose,
    comparator: '<',
    value: 54,
    unit: 'mg/dL',
    direction: 'low',
    action: 'treat-low-sugar',
    source: 'American Diabetes Association, Standards of Care in Diabetes, section 6 (level 2 hypoglycemia)',
  },
  {
    id: 'oxygen-low',
    code: LOINC_CODES.oxygenSaturation,
    comparator: '<=',
    value: 92,
    unit: '%',
    direction: 'low',
    action: 'emergency',
    source: 'NHS, How to use a pulse oximeter at home (92% or lower)',
  },
];

/** The most urgent action first. */
const URGENCY: Record<SafetyAction, number> = { emergency: 0, 'treat-low-sugar': 1, 'recheck-then-call': 2 };

function compare(value: number, comparator: SafetyRule['comparator'], threshold: number): boolean {
  switch (comparator) {
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
  }
}

/**
 * The rules a reading breaks, most urgent first. A value is compared only when its unit
 * is the rule's unit (readings are stored in their type's unit, which the defaults use);
 * `alsoCodes` lets a rule on glucose 2339-0 apply to a glucometer code too.
 */
export function dangerousRules(
  reading: Pick<Reading, 'values' | 'code'>,
  rules: readonly SafetyRule[],
  alsoCodes: Readonly<Record<string, string>> = {},
): SafetyRule[] {
  const broken = rules.filter((rule) =>
    reading.values.some((part) => {
      const code = alsoCodes[part.code] ?? part.code;
      const value = part.quantity.value;
      const unit = part.quantity.code ?? part.quantity.unit;
      return code === rule.code && unit === rule.unit && value !== undefined && compare(value, rule.comparator, rule.value);
    }),
  );
  return broken.sort((a, b) => URGENCY[a.action] - URGENCY[b.action]);
}
