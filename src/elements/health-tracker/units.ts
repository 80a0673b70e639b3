/**
 * Unit conversion for readings entered in the patient's own unit (no DOM, no UCUM
 * library in the bundle: the few conversions a tracker needs are exact definitions).
 *
 * - Mass: UCUM defines `[lb_av]` as 7000 `[gr]` and `[gr]` as 64.79891 mg, so a pound is
 *   exactly 0.45359237 kg.
 * - Glucose: mg/dL and mmol/L differ by glucose's molar mass, 180.156 g/mol
 *   (C6H12O6 from IUPAC standard atomic weights): mmol/L = mg/dL × 10 / 180.156.
 * - Temperature: `[degF]` = 5/9 K offset so that °C = (°F − 32) × 5/9.
 *
 * test/node/health-tracker-units.test.mjs checks each against the UCUM definitions
 * through the `@lhncbc/ucum-lhc` library (a test-only oracle).
 */

/** Molar mass of glucose in g/mol. */
export const GLUCOSE_MOLAR_MASS = 180.156;

/** Kilograms in one avoirdupois pound (exact, by definition). */
export const KG_PER_POUND = 0.45359237;

type Converter = (value: number) => number;

/* Each conversion to the unit on the right of the key. */
const CONVERSIONS: Record<string, Converter> = {
  '[lb_av]>kg': (lb) => lb * KG_PER_POUND,
  'kg>[lb_av]': (kg) => kg / KG_PER_POUND,
  'g>kg': (g) => g / 1000,
  'kg>g': (kg) => kg * 1000,
  'mg/dL>mmol/L': (mgdl) => (mgdl * 10) / GLUCOSE_MOLAR_MASS,
  'mmol/L>mg/dL': (mmol) => (mmol * GLUCOSE_MOLAR_MASS) / 10,
  '[degF]>Cel': (f) => ((f - 32) * 5) / 9,
  'Cel>[degF]': (c) => (c * 9) / 5 + 32,
};

/**
 * `value` in `from` converted to `to` (both UCUM codes); `undefined` when the tracker
 * knows no conversion between them. Glucose conversions assume the quantity is glucose.
 */
export function convertUnit(value: number, from: string, to: string): number | undefined {
  if (from === to) return value;
  const convert = CONVERSIONS[`${from}>${to}`];
  return convert ? convert(value) : undefined;
}

/** Rounds to `decimals` places without binary noise (68.04, not 68.03999999). */
export function roundTo(value: number, decimals = 0): number {
  const factor = 10 ** decimals;
  return Math.round((value + Number.EPSILON * Math.sign(value)) * factor) / factor;
}

/** Decimals a value entered in `unit` deserves when shown (mmol/L keeps one). */
export function displayDecimals(unit: string): number {
  return unit === 'mmol/L' || unit === '[lb_av]' || unit === 'kg' || unit === '[degF]' || unit === 'Cel' ? 1 : 0;
}

/** The unit as patients write it (`[lb_av]` → `lb`, `mm[Hg]` → `mmHg`); unknown codes as given. */
export function unitSymbol(code: string): string {
  switch (code) {
    case '[lb_av]':
      return 'lb';
    case 'mm[Hg]':
      return 'mmHg';
    case '[degF]':
      return '°F';
    case 'Cel':
      return '°C';
    case '/min':
      return '/min';
    case '/d':
      return '/day';
    default:
      return code;
  }
}

/** Reads a unit as written in a CSV or by a person (`lbs`, `mmHg`, `mg/dl`) as its UCUM code. */
export function unitFromText(text: string): string | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  const known: Record<string, string> = {
    lb: '[lb_av]',
    lbs: '[lb_av]',
    pound: '[lb_av]',
    pounds: '[lb_av]',
    '[lb_av]': '[lb_av]',
    kg: 'kg',
    kgs: 'kg',
    'mg/dl': 'mg/dL',
    'mmol/l': 'mmol/L',
    mmhg: 'mm[Hg]',
    'mm[hg]': 'mm[Hg]',
    '%': '%',
    bpm: '/min',
    '/min': '/min',
    'beats/min': '/min',
    steps: '/d',
    '/d': '/d',
    'steps/day': '/d',
    '°f': '[degF]',
    f: '[degF]',
    '[degf]': '[degF]',
    '°c': 'Cel',
    c: 'Cel',
    cel: 'Cel',
  };
  return known[t];
}
