/**
 * Words of the clinical summary's patient view: plain test and medicine names, numbers
 * with sensible precision, units as people write them and "as needed" for PRN. The
 * clinician view does not use this file: it keeps the record's full names and values.
 *
 * The element loads this file (and the name tables) on demand, only for a patient or
 * caregiver (`loadPatientWords` in summary-format.ts): a clinician's page never carries it.
 *
 * Names come from src/core/clinical-names (a curated LOINC table and an RxNorm name
 * reader); the words around them (dose forms, "per puff") are localized here.
 */
import { msg, str } from '../../core/localization.js';
import type { CodedValue, DoseInstruction, DoseTiming, QuantityValue } from '../../adapters/ports.js';
import { formatNumber, unitText } from '../../core/format.js';
import { loincPlainName } from '../../core/clinical-names/loinc-names.js';
import { parseRxNormName, type DoseForm, type RxName, type RxStrength } from '../../core/clinical-names/rxnorm-names.js';
import { dosageText } from './summary-words.js';

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const UCUM = 'http://unitsofmeasure.org';

/** A dose form in the reader's language. */
export function doseFormText(form: DoseForm): string {
  switch (form) {
    case 'tablet':
      return msg('tablet', { id: 'summary.form.tablet' });
    case 'chewable-tablet':
      return msg('chewable tablet', { id: 'summary.form.chewable-tablet' });
    case 'extended-release-tablet':
      return msg('extended-release tablet', { id: 'summary.form.er-tablet' });
    case 'delayed-release-tablet':
      return msg('delayed-release tablet', { id: 'summary.form.dr-tablet' });
    case 'capsule':
      return msg('capsule', { id: 'summary.form.capsule' });
    case 'extended-release-capsule':
      return msg('extended-release capsule', { id: 'summary.form.er-capsule' });
    case 'delayed-release-capsule':
      return msg('delayed-release capsule', { id: 'summary.form.dr-capsule' });
    case 'oral-liquid':
      return msg('liquid to swallow', { id: 'summary.form.oral-liquid' });
    case 'inhaler':
      return msg('inhaler', { id: 'summary.form.inhaler' });
    case 'inhalation-liquid':
      return msg('liquid for a nebulizer', { id: 'summary.form.inhalation-liquid' });
    case 'injection':
      return msg('injection', { id: 'summary.form.injection' });
    case 'auto-injector':
      return msg('auto-injector', { id: 'summary.form.auto-injector' });
    case 'prefilled-syringe':
      return msg('prefilled syringe', { id: 'summary.form.prefilled-syringe' });
    case 'pen-injector':
      return msg('injection pen', { id: 'summary.form.pen-injector' });
    case 'implant':
      return msg('implant', { id: 'summary.form.implant' });
    case 'vaginal-ring':
      return msg('vaginal ring', { id: 'summary.form.vaginal-ring' });
    case 'skin-patch':
      return msg('skin patch', { id: 'summary.form.skin-patch' });
    case 'cream':
      return msg('cream', { id: 'summary.form.cream' });
    case 'ointment':
      return msg('ointment', { id: 'summary.form.ointment' });
    case 'gel':
      return msg('gel', { id: 'summary.form.gel' });
    case 'nasal-spray':
      return msg('nose spray', { id: 'summary.form.nasal-spray' });
    case 'eye-drops':
      return msg('eye drops', { id: 'summary.form.eye-drops' });
    case 'ear-drops':
      return msg('ear drops', { id: 'summary.form.ear-drops' });
    case 'suppository':
      return msg('suppository', { id: 'summary.form.suppository' });
    case 'powder':
      return msg('powder', { id: 'summary.form.powder' });
    case 'lozenge':
      return msg('lozenge', { id: 'summary.form.lozenge' });
  }
}

/** `44 mcg per puff`, `10 mg per mL`, `100 units per mL`. */
function strengthText(strength: RxStrength, locale: string): string {
  let { value, unit } = strength;
  // inhaler labels state micrograms per puff ("44 mcg"), not 0.044 mg
  if (strength.per === 'actuation' && unit === 'mg' && value < 1) {
    value = Math.round(value * 1e6) / 1e3;
    unit = 'mcg';
  }
  const number = formatNumber(value, locale);
  const amount = unit === 'unit' ? msg(str`${number} units`, { id: 'summary.strength.units' }) : unit === '%' ? `${number}%` : `${number} ${unit}`;
  switch (strength.per) {
    case 'actuation':
      return msg(str`${amount} per puff`, { id: 'summary.strength.per-puff' });
    case 'mL':
      return msg(str`${amount} per mL`, { id: 'summary.strength.per-ml' });
    case 'hour':
      return msg(str`${amount} per hour`, { id: 'summary.strength.per-hour' });
    case 'day':
      return msg(str`${amount} per day`, { id: 'summary.strength.per-day' });
    default:
      return amount;
  }
}

/** Ingredient words in sentence case: `Amoxicillin and clavulanate`; `B`, `12`, `NuvaRing` kept. */
function ingredientWords(name: string, first: boolean): string {
  return name
    .split(' ')
    .map((word, index) => (first && index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : /^[A-Z][a-z]+,?$/.test(word) ? word.toLowerCase() : word))
    .join(' ');
}

/** A parsed RxNorm name in plain words: "Fluticasone propionate inhaler, 44 mcg per puff". */
export function medicationText(parsed: RxName, locale: string): string {
  const names = new Intl.ListFormat(locale, { type: 'conjunction' }).format(
    parsed.ingredients.map((ingredient, index) => ingredientWords(ingredient.name, index === 0)),
  );
  const what = parsed.brand ? `${names} (${parsed.brand})` : names;
  const strength = parsed.ingredients.map((ingredient) => strengthText(ingredient.strength, locale)).join(' + ');
  if (!parsed.form) return `${what}, ${strength}`;
  return msg(str`${what} ${doseFormText(parsed.form)}, ${strength}`, { id: 'summary.medicine-name' });
}

/** The RxNorm name to read: the RxNorm coding's display, else the recorded text. */
function rxNormParsed(value: CodedValue): RxName | undefined {
  const rx = value.codings.filter((c) => c.system === RXNORM);
  if (!rx.length) return undefined;
  for (const candidate of [...rx.map((c) => c.display), value.text]) {
    const parsed = parseRxNormName(candidate);
    if (parsed) return parsed;
  }
  return undefined;
}

/**
 * The name a patient reads for a test or medicine, or `undefined` when there is none
 * better than the record's own (the caller then shows the recorded name).
 */
export function patientName(value: CodedValue | undefined, locale: string): string | undefined {
  if (!value) return undefined;
  const test = loincPlainName(value);
  if (test) return test;
  const medicine = rxNormParsed(value);
  return medicine ? medicationText(medicine, locale) : undefined;
}

// ---------------------------------------------------------------------------
// Units and precision
// ---------------------------------------------------------------------------

const SUPERSCRIPT: Readonly<Record<string, string>> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻' };
const superscript = (digits: string) => [...digits].map((d) => SUPERSCRIPT[d] ?? d).join('');

/** UCUM codes whose readable form no general rule gives. */
const UNIT_WORDS: Readonly<Record<string, string>> = {
  Cel: '°C',
  '[degF]': '°F',
  'mm[Hg]': 'mmHg',
  '1': '',
  '{score}': '',
  'mL/min/{1.73_m2}': 'mL/min/1.73 m²',
};

/**
 * A UCUM unit as people write it: `10*3/uL` → `10³/µL`, `[in_i]` → `in`, `kg/m2` →
 * `kg/m²`, `u[IU]/mL` → `µIU/mL`, annotations such as `{beats}/min` kept as words.
 */
export function unitWords(code: string): string {
  if (Object.hasOwn(UNIT_WORDS, code)) return UNIT_WORDS[code]!;
  return code
    .replace(/10\*(-?\d+)/g, (_, exponent: string) => `10${superscript(exponent)}`)
    .replace(/\[([a-zA-Z]+)(?:_[a-z]+)?\]/g, '$1')
    .replace(/(^|[^a-zA-Z])u(?=[a-zA-Z]|IU)/g, '$1µ')
    .replace(/\{([^}]*)\}/g, '$1')
    .replace(/([a-zA-Z])([23])(?![0-9])/g, (_, letter: string, power: string) => letter + superscript(power));
}

/** The most decimals worth showing per unit (lab reports' own habits); others: 3 significant digits. */
const UNIT_DECIMALS: Readonly<Record<string, number>> = {
  '%': 1,
  'mm[Hg]': 0,
  '/min': 0,
  '{beats}/min': 0,
  '{breaths}/min': 0,
  '{score}': 0,
  'mL/min/{1.73_m2}': 0,
  kg: 1,
  g: 1,
  cm: 1,
  '[lb_av]': 1,
  '[in_i]': 1,
  Cel: 1,
  '[degF]': 1,
  'kg/m2': 1,
  'g/dL': 1,
  'mmol/L': 1,
  'mg/g': 1,
  fL: 1,
  pg: 1,
  '10*3/uL': 1,
  '10*9/L': 1,
};

/** How many decimals the source wrote, when the adapter did not say. */
function writtenDecimals(value: number): number {
  const [, fraction = ''] = String(value).split('.');
  return /e/i.test(String(value)) ? 3 : fraction.length;
}

/**
 * Decimals to show: never more than the source wrote (its own precision), at most
 * three significant digits (34.165 → 34.2; 0.0456 stays), and at most the unit's usual
 * decimals (mmHg none, %, g/dL and kg one).
 */
export function shownDecimals(quantity: Pick<QuantityValue, 'value' | 'decimals' | 'code' | 'unit'>): number {
  const value = quantity.value ?? 0;
  const written = quantity.decimals ?? writtenDecimals(value);
  const magnitude = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
  const significant = Math.max(0, 2 - magnitude);
  const unitCap = UNIT_DECIMALS[quantity.code ?? quantity.unit ?? ''] ?? Infinity;
  return Math.min(written, significant, unitCap);
}

/** A quantity for the patient view: `34.2 g/dL`, `7.1 10³/µL`, `< 5 mg/dL`, `37 °C`. */
export function patientQuantity(quantity: QuantityValue | undefined, locale: string): string {
  if (!quantity) return '';
  // a UCUM code is read by rule; a unit without one only through the shared table (free
  // text such as "units" must not be "read" as UCUM)
  const ucum = quantity.code && (quantity.system === UCUM || quantity.unit === quantity.code || !quantity.unit);
  const unit = ucum ? unitWords(quantity.code!) : unitText(quantity);
  if (quantity.value === undefined || !Number.isFinite(quantity.value)) return unit;
  const decimals = shownDecimals(quantity);
  const rounded = Math.round(quantity.value * 10 ** decimals) / 10 ** decimals;
  const number = formatNumber(rounded, locale, decimals);
  const spacer = unit === '%' || unit === '' ? '' : ' ';
  return [quantity.comparator, `${number}${spacer}${unit}`].filter(Boolean).join(' ');
}

// ---------------------------------------------------------------------------
// How often a dose is taken
// ---------------------------------------------------------------------------

/** `once a day`, `2 times a week`: how many times in one unit of time; undefined for a unit not known. */
function perUnit(times: string, unit: string): string | undefined {
  switch (unit) {
    case 's':
      return msg(str`${times} a second`, { id: 'summary.timing.per-s' });
    case 'min':
      return msg(str`${times} a minute`, { id: 'summary.timing.per-min' });
    case 'h':
      return msg(str`${times} an hour`, { id: 'summary.timing.per-h' });
    case 'd':
      return msg(str`${times} a day`, { id: 'summary.timing.per-d' });
    case 'wk':
      return msg(str`${times} a week`, { id: 'summary.timing.per-wk' });
    case 'mo':
      return msg(str`${times} a month`, { id: 'summary.timing.per-mo' });
    case 'a':
      return msg(str`${times} a year`, { id: 'summary.timing.per-a' });
    default:
      return undefined;
  }
}

/** Intl's unit for each UCUM unit of time, for "every 2 weeks" in the reader's language. */
const INTL_UNITS: Readonly<Record<string, string>> = { s: 'second', min: 'minute', h: 'hour', d: 'day', wk: 'week', mo: 'month', a: 'year' };

/**
 * How often, in words: `once a day`, `2 times a day`, `once every 2 weeks` (Spanish `una vez
 * al día`, `2 veces al día`, `una vez cada 2 semanas`); undefined for a unit not known.
 */
export function timingText(timing: DoseTiming, locale: string): string | undefined {
  const times =
    timing.frequency === 1
      ? msg('once', { id: 'summary.timing.once' })
      : msg(str`${formatNumber(timing.frequency, locale)} times`, { id: 'summary.timing.times' });
  if (timing.period === 1) return perUnit(times, timing.periodUnit);
  const unit = INTL_UNITS[timing.periodUnit];
  if (!unit) return undefined;
  const span = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(timing.period);
  return msg(str`${times} every ${span}`, { id: 'summary.timing.every' });
}

/**
 * A medicine's dose instructions in the reader's words: the record's own text (with "as
 * needed" for PRN), else the dose, how often and the timing's text. Undefined when the
 * adapter gave no structure (the caller then shows the one-line text) or a timing is in a
 * unit these words do not know (the record's line is then safer than a guess).
 */
export function patientDoses(doses: readonly DoseInstruction[] | undefined, locale: string): string | undefined {
  if (!doses?.length) return undefined;
  const lines: string[] = [];
  for (const { text, dose, timing, timingText: words } of doses) {
    if (text) {
      lines.push(dosageText(text)!);
      continue;
    }
    const often = timing && timingText(timing, locale);
    if (timing && !often) return undefined;
    lines.push([dose, often, words].filter(Boolean).join(', '));
  }
  return lines.filter(Boolean).join('; ') || undefined;
}
