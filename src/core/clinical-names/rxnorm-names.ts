/**
 * RxNorm drug names read into their parts, so the patient view can say
 * "Fluticasone propionate inhaler, 44 mcg per puff" instead of
 * "120 ACTUAT Fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler".
 *
 * The grammar is RxNorm's own for clinical and branded drugs (SCD, SBD) and their
 * components (SCDC): `[quantity] ingredient strength [/ ingredient strength]… [dose form]
 * [[Brand]]`, as documented in the RxNorm Technical Documentation (NLM, "Naming
 * conventions"). Packs and free text that do not follow it are not parsed: the record's
 * own name is shown instead, never a guess. Words are not localized here; the element
 * turns the dose-form key into the reader's language.
 */

/** Dose forms a patient recognizes, by key; the element words them in the reader's language. */
export type DoseForm =
  | 'tablet'
  | 'chewable-tablet'
  | 'extended-release-tablet'
  | 'delayed-release-tablet'
  | 'capsule'
  | 'extended-release-capsule'
  | 'delayed-release-capsule'
  | 'oral-liquid'
  | 'inhaler'
  | 'inhalation-liquid'
  | 'injection'
  | 'auto-injector'
  | 'prefilled-syringe'
  | 'pen-injector'
  | 'implant'
  | 'vaginal-ring'
  | 'skin-patch'
  | 'cream'
  | 'ointment'
  | 'gel'
  | 'nasal-spray'
  | 'eye-drops'
  | 'ear-drops'
  | 'suppository'
  | 'powder'
  | 'lozenge';

/** RxNorm dose form names (lower case) → plain dose form. Longest names are tried first. */
const DOSE_FORMS: ReadonlyArray<[string, DoseForm]> = (
  [
    ['oral tablet', 'tablet'],
    ['tablet', 'tablet'],
    ['film coated oral tablet', 'tablet'],
    ['disintegrating oral tablet', 'tablet'],
    ['chewable tablet', 'chewable-tablet'],
    ['extended release oral tablet', 'extended-release-tablet'],
    ['delayed release oral tablet', 'delayed-release-tablet'],
    ['oral capsule', 'capsule'],
    ['capsule', 'capsule'],
    ['extended release oral capsule', 'extended-release-capsule'],
    ['delayed release oral capsule', 'delayed-release-capsule'],
    ['oral solution', 'oral-liquid'],
    ['oral suspension', 'oral-liquid'],
    ['extended release suspension', 'oral-liquid'],
    ['oral syrup', 'oral-liquid'],
    ['oral elixir', 'oral-liquid'],
    ['metered dose inhaler', 'inhaler'],
    ['dry powder inhaler', 'inhaler'],
    ['breath activated inhaler', 'inhaler'],
    ['inhalation solution', 'inhalation-liquid'],
    ['inhalation suspension', 'inhalation-liquid'],
    ['injection', 'injection'],
    ['injectable solution', 'injection'],
    ['injectable suspension', 'injection'],
    ['injectable product', 'injection'],
    ['auto-injector', 'auto-injector'],
    ['prefilled syringe', 'prefilled-syringe'],
    ['pen injector', 'pen-injector'],
    ['drug implant', 'implant'],
    ['vaginal ring', 'vaginal-ring'],
    ['transdermal system', 'skin-patch'],
    ['medicated patch', 'skin-patch'],
    ['topical cream', 'cream'],
    ['topical ointment', 'ointment'],
    ['topical gel', 'gel'],
    ['nasal spray', 'nasal-spray'],
    ['metered dose nasal spray', 'nasal-spray'],
    ['ophthalmic solution', 'eye-drops'],
    ['ophthalmic suspension', 'eye-drops'],
    ['otic solution', 'ear-drops'],
    ['otic suspension', 'ear-drops'],
    ['rectal suppository', 'suppository'],
    ['oral powder', 'powder'],
    ['oral lozenge', 'lozenge'],
  ] as [string, DoseForm][]
).sort((a, b) => b[0].length - a[0].length);

/** A strength as written: `0.044 MG/ACTUAT` is value 0.044, unit `mg`, per `actuation`. */
export interface RxStrength {
  value: number;
  /** `mg`, `mcg`, `g`, `mL`, `unit`, `mEq`, `%`. */
  unit: string;
  /** What the amount is in: one `mL`, one `actuation` (puff), one `hour`. Absent for a whole unit. */
  per?: 'mL' | 'actuation' | 'hour' | 'day';
}

export interface RxIngredient {
  /** As RxNorm writes it, tall-man lettering undone (`diphenhydramine Hydrochloride`). */
  name: string;
  strength: RxStrength;
}

export interface RxName {
  ingredients: RxIngredient[];
  form?: DoseForm;
  /** The brand in an SBD's trailing brackets (`Toprol`). */
  brand?: string;
}

const AMOUNT_UNITS: Readonly<Record<string, string>> = {
  mg: 'mg',
  mcg: 'mcg',
  ug: 'mcg',
  g: 'g',
  ml: 'mL',
  unt: 'unit',
  unit: 'unit',
  units: 'unit',
  meq: 'mEq',
  '%': '%',
};
const PER_UNITS: Readonly<Record<string, RxStrength['per']>> = {
  ml: 'mL',
  actuat: 'actuation',
  hr: 'hour',
  day: 'day',
};

const NUMBER = String.raw`\d+(?:\.\d+)?|\.\d+`;
/** `Name 0.044 MG/ACTUAT`: the name, the number, the unit and an optional `/per`. */
const INGREDIENT = new RegExp(String.raw`^(.*?[A-Za-z].*?)\s+(${NUMBER})\s*(MG|MCG|UG|G|ML|UNT|UNITS?|MEQ|%)(?:\s*/\s*(ML|ACTUAT|HR|DAY))?$`, 'i');
/** A leading quantity (`120 ACTUAT`, `24 HR`, `0.3 ML`) or an application number (`NDA020800`). */
const LEADING = new RegExp(String.raw`^(?:(?:NDA|ANDA|BLA)\d+|(?:${NUMBER})\s+(?:ACTUAT|HR|ML|MG|DAY))\s+`, 'i');

/** Undoes tall-man lettering (`diphenhydrAMINE` → `diphenhydramine`); other words as written. */
function untallman(word: string): string {
  return /^[a-z]+[A-Z]{2,}[a-z]*$/.test(word) ? word.toLowerCase() : word;
}

/**
 * Reads an RxNorm SCD/SBD/SCDC name into ingredients, strengths, dose form and brand.
 * `undefined` when the name does not follow the grammar (packs such as "Trinessa 28 Day
 * Pack", "Vicodin 5/500 Oral Tablet", ingredient-only names), so callers fall back to
 * the recorded name. Lower-case units written by hand ("Alprazolam 0.25mg Oral Tablet")
 * are accepted.
 */
export function parseRxNormName(name: string | undefined): RxName | undefined {
  if (typeof name !== 'string') return undefined;
  let rest = name.trim().replace(/\s+/g, ' ');
  let brand: string | undefined;
  const bracket = /\s*\[([^\]]+)\]$/.exec(rest);
  if (bracket) {
    brand = bracket[1]!.trim();
    rest = rest.slice(0, bracket.index);
  }
  for (let previous = ''; previous !== rest; ) {
    previous = rest;
    rest = rest.replace(LEADING, '');
  }
  let form: DoseForm | undefined;
  const lower = rest.toLowerCase();
  for (const [words, key] of DOSE_FORMS) {
    if (lower.endsWith(` ${words}`)) {
      form = key;
      rest = rest.slice(0, rest.length - words.length - 1);
      break;
    }
  }
  const ingredients: RxIngredient[] = [];
  for (const part of rest.split(' / ')) {
    const match = INGREDIENT.exec(part.trim());
    if (!match) return undefined;
    const [, ingredient, value, unit, per] = match;
    const number = Number(value);
    if (!Number.isFinite(number)) return undefined;
    ingredients.push({
      name: ingredient!.split(' ').map(untallman).join(' ').replace(/,$/, ''),
      strength: {
        value: number,
        unit: AMOUNT_UNITS[unit!.toLowerCase()]!,
        ...(per ? { per: PER_UNITS[per.toLowerCase()] } : {}),
      },
    });
  }
  return ingredients.length ? { ingredients, form, brand } : undefined;
}
