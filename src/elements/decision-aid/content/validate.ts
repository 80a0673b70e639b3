/**
 * Checks decision-aid content before the element shows any of it. Each problem names
 * the field by its path (`outcomes[1].values.fit.numerator`) and says what is wrong, so
 * an author can fix the file; an aid with any problem is refused as a whole.
 *
 * Checks what `schemas/decision-aid.schema.json` says (types, required fields, no unknown
 * fields) and what a schema cannot say: references between ids, one denominator for every
 * outcome, numerators that never exceed their denominator at any allowed input, and
 * benefits shown with harms (or a stated reason why not).
 */
import type { DecisionAidContent } from './types.js';

/** One problem in an aid. */
export interface AidProblem {
  /** Path of the bad field (`outcomes[0].denominator`). */
  path: string;
  /** What is wrong with it. */
  message: string;
}

export type AidValidation = { ok: true; aid: DecisionAidContent } | { ok: false; problems: AidProblem[] };

type Check = (value: unknown, path: string, problems: AidProblem[]) => void;
interface Field {
  check: Check;
  optional?: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const text: Check = (value, path, problems) => {
  if (typeof value !== 'string' || value.trim() === '') problems.push({ path, message: 'must be non-empty text' });
};
const id: Check = (value, path, problems) => {
  if (typeof value !== 'string' || !ID.test(value))
    problems.push({ path, message: 'must be an id of lower-case letters, digits and hyphens' });
};
const date: Check = (value, path, problems) => {
  if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(value)))
    problems.push({ path, message: 'must be a date written YYYY-MM-DD' });
};
const number: Check = (value, path, problems) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) problems.push({ path, message: 'must be a number' });
};
const count: Check = (value, path, problems) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    problems.push({ path, message: 'must be a whole number, 0 or more' });
};
const boolean: Check = (value, path, problems) => {
  if (typeof value !== 'boolean') problems.push({ path, message: 'must be true or false' });
};
const oneOf =
  (...allowed: readonly (string | number)[]): Check =>
  (value, path, problems) => {
    if (!allowed.includes(value as string)) problems.push({ path, message: `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}` });
  };
const url: Check = (value, path, problems) => {
  if (typeof value !== 'string' || !/^https:\/\/\S+$/.test(value)) problems.push({ path, message: 'must be an https:// address' });
};

function object(fields: Record<string, Field>): Check {
  return (value, path, problems) => {
    if (!isObject(value)) {
      problems.push({ path, message: 'must be an object' });
      return;
    }
    for (const key of Object.keys(value)) {
      if (!(key in fields)) problems.push({ path: `${path}.${key}`, message: 'is not a field of the decision-aid format' });
    }
    for (const [key, field] of Object.entries(fields)) {
      if (value[key] === undefined) {
        if (!field.optional) problems.push({ path: `${path}.${key}`, message: 'is required' });
      } else field.check(value[key], `${path}.${key}`, problems);
    }
  };
}

function array(item: Check, minItems = 0): Check {
  return (value, path, problems) => {
    if (!Array.isArray(value)) {
      problems.push({ path, message: 'must be a list' });
      return;
    }
    if (value.length < minItems) problems.push({ path, message: `must have at least ${minItems} item${minItems === 1 ? '' : 's'}` });
    value.forEach((entry, index) => item(entry, `${path}[${index}]`, problems));
  };
}

function record(item: Check): Check {
  return (value, path, problems) => {
    if (!isObject(value)) {
      problems.push({ path, message: 'must be an object keyed by option id' });
      return;
    }
    for (const [key, entry] of Object.entries(value)) item(entry, `${path}.${key}`, problems);
  };
}

/** Picks the object shape by its `kind`. */
function byKind(shapes: Record<string, Record<string, Field>>): Check {
  return (value, path, problems) => {
    if (!isObject(value)) {
      problems.push({ path, message: 'must be an object' });
      return;
    }
    const shape = shapes[value.kind as string];
    if (!shape) {
      problems.push({ path: `${path}.kind`, message: `must be one of ${Object.keys(shapes).map((k) => JSON.stringify(k)).join(', ')}` });
      return;
    }
    object({ kind: { check: () => undefined }, ...shape })(value, path, problems);
  };
}

const req = (check: Check): Field => ({ check });
const opt = (check: Check): Field => ({ check, optional: true });

const inputFields = {
  id: req(id),
  label: req(text),
  help: opt(text),
  min: req(number),
  max: req(number),
  step: req(number),
  default: opt(number),
};

const shape: Check = object({
  format: req(oneOf(1)),
  id: req(id),
  version: req(text),
  language: req((value, path, problems) => {
    if (typeof value !== 'string' || !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value))
      problems.push({ path, message: 'must be a BCP 47 language tag such as "en" or "es-MX"' });
  }),
  title: req(text),
  metadata: req(
    object({
      status: req(oneOf('demonstration', 'reviewed')),
      disclaimer: req(text),
      authors: req(array(object({ name: req(text), role: req(text) }), 1)),
      lastReviewed: req(date),
      reviewDue: req(date),
      conflictsOfInterest: req(text),
      funding: req(text),
      methods: req(text),
    }),
  ),
  decision: req(object({ question: req(text), whoFor: req(text), whyNow: req(text), doingNothing: opt(text) })),
  options: req(array(object({ id: req(id), label: req(text), summary: req(text), noAction: opt(boolean) }), 2)),
  attributes: req(array(object({ id: req(id), question: req(text), answers: req(record(text)), sources: opt(array(id)) }))),
  riskInputs: req(
    array(byKind({ percent: inputFields, number: { ...inputFields, unit: opt(text) } })),
  ),
  outcomes: req(
    array(
      object({
        id: req(id),
        label: req(text),
        kind: req(oneOf('benefit', 'harm')),
        timeFrame: req(text),
        denominator: req(oneOf(100, 1000)),
        values: req(
          record(
            byKind({
              fixed: { numerator: req(count) },
              'scaled-input': { input: req(id), multiplier: req(number) },
              bands: { input: req(id), bands: req(array(object({ min: req(number), max: req(number), numerator: req(count) }), 1)) },
              'not-estimated': { reason: req(text) },
            }),
          ),
        ),
        sources: req(array(id, 1)),
        explanation: opt(text),
      }),
    ),
  ),
  oneKindReason: opt(text),
  values: req(array(object({ id: req(id), statement: req(text), lowLabel: req(text), highLabel: req(text) }))),
  knowledge: req(
    array(
      object({
        id: req(id),
        question: req(text),
        answers: req(array(object({ id: req(id), label: req(text) }), 2)),
        correct: req(id),
        feedback: req(text),
      }),
    ),
  ),
  glossary: req(array(object({ term: req(text), definition: req(text) }))),
  sources: req(
    array(object({ id: req(id), citation: req(text), year: req(count), locator: req(text), url: opt(url) }), 1),
  ),
});

function duplicates(ids: string[], path: string, problems: AidProblem[]): void {
  const seen = new Set<string>();
  ids.forEach((value, index) => {
    if (seen.has(value)) problems.push({ path: `${path}[${index}].id`, message: `repeats the id "${value}"` });
    seen.add(value);
  });
}

/** Rules between fields, checked once the shape is right. */
function crossCheck(aid: DecisionAidContent, problems: AidProblem[]): void {
  const optionIds = aid.options.map((o) => o.id);
  const sourceIds = new Set(aid.sources.map((s) => s.id));
  const inputs = new Map(aid.riskInputs.map((input) => [input.id, input]));
  duplicates(optionIds, 'options', problems);
  duplicates(aid.outcomes.map((o) => o.id), 'outcomes', problems);
  duplicates(aid.attributes.map((a) => a.id), 'attributes', problems);
  duplicates(aid.sources.map((s) => s.id), 'sources', problems);
  duplicates(aid.values.map((v) => v.id), 'values', problems);
  duplicates(aid.knowledge.map((k) => k.id), 'knowledge', problems);
  duplicates(aid.riskInputs.map((r) => r.id), 'riskInputs', problems);

  const perOption = (answers: Record<string, unknown>, path: string) => {
    for (const option of optionIds) if (!(option in answers)) problems.push({ path: `${path}.${option}`, message: 'is missing: every option needs one' });
    for (const key of Object.keys(answers))
      if (!optionIds.includes(key)) problems.push({ path: `${path}.${key}`, message: `is not an option id (${optionIds.join(', ')})` });
  };
  aid.attributes.forEach((attribute, i) => {
    perOption(attribute.answers, `attributes[${i}].answers`);
    attribute.sources?.forEach((s, j) => {
      if (!sourceIds.has(s)) problems.push({ path: `attributes[${i}].sources[${j}]`, message: `names no source in "sources": "${s}"` });
    });
  });
  aid.riskInputs.forEach((input, i) => {
    if (input.min >= input.max) problems.push({ path: `riskInputs[${i}].max`, message: 'must be greater than min' });
    if (input.step <= 0) problems.push({ path: `riskInputs[${i}].step`, message: 'must be greater than 0' });
    if (input.kind === 'percent' && (input.min < 0 || input.max > 100))
      problems.push({ path: `riskInputs[${i}]`, message: 'a percent must stay between 0 and 100' });
    if (input.default !== undefined && (input.default < input.min || input.default > input.max))
      problems.push({ path: `riskInputs[${i}].default`, message: 'must be between min and max' });
  });

  const first = aid.outcomes[0];
  aid.outcomes.forEach((outcome, i) => {
    const path = `outcomes[${i}]`;
    if (first && outcome.denominator !== first.denominator)
      problems.push({
        path: `${path}.denominator`,
        message: `is ${outcome.denominator} but outcomes[0] uses ${first.denominator}: every outcome must use the same denominator so the numbers compare`,
      });
    outcome.sources.forEach((s, j) => {
      if (!sourceIds.has(s)) problems.push({ path: `${path}.sources[${j}]`, message: `names no source in "sources": "${s}"` });
    });
    perOption(outcome.values, `${path}.values`);
    for (const [option, value] of Object.entries(outcome.values)) {
      const at = `${path}.values.${option}`;
      if (value.kind === 'fixed' && value.numerator > outcome.denominator)
        problems.push({ path: `${at}.numerator`, message: `is ${value.numerator}, more than the denominator ${outcome.denominator} (a probability over 1)` });
      if (value.kind === 'scaled-input' || value.kind === 'bands') {
        const input = inputs.get(value.input);
        if (!input) {
          problems.push({ path: `${at}.input`, message: `names no risk input: "${value.input}"` });
          continue;
        }
        if (value.kind === 'scaled-input') {
          if (input.kind !== 'percent') problems.push({ path: `${at}.input`, message: 'a scaled number needs a percent input' });
          else if (value.multiplier < 0 || (input.max / 100) * value.multiplier > 1)
            problems.push({ path: `${at}.multiplier`, message: `gives a probability over 1 at the input's maximum (${input.max}%)` });
        } else {
          value.bands.forEach((band, j) => {
            if (band.numerator > outcome.denominator)
              problems.push({ path: `${at}.bands[${j}].numerator`, message: `is more than the denominator ${outcome.denominator} (a probability over 1)` });
            if (band.min >= band.max) problems.push({ path: `${at}.bands[${j}].max`, message: 'must be greater than min' });
          });
        }
      }
    }
  });

  balance(aid, problems);

  aid.knowledge.forEach((item, i) => {
    duplicates(item.answers.map((a) => a.id), `knowledge[${i}].answers`, problems);
    if (!item.answers.some((a) => a.id === item.correct))
      problems.push({ path: `knowledge[${i}].correct`, message: `names no answer of this question: "${item.correct}"` });
  });
  if (aid.metadata.reviewDue < aid.metadata.lastReviewed)
    problems.push({ path: 'metadata.reviewDue', message: 'must not be before lastReviewed' });
}

/**
 * Balanced presentation, the first IPDAS criterion: an aid shows benefits and harms. One
 * kind only is allowed when the aid says why (`oneKindReason`), so one-sided numbers are an
 * author's stated choice and never an accident (a benefit filed as a harm, for example).
 */
function balance(aid: DecisionAidContent, problems: AidProblem[]): void {
  const kinds = new Set(aid.outcomes.map((o) => o.kind));
  if (kinds.size === 1 && aid.oneKindReason === undefined) {
    const kind = kinds.has('benefit') ? 'benefits' : 'harms';
    problems.push({
      path: 'outcomes',
      message: `are all ${kind}: a balanced aid shows benefits and harms; check each outcome's "kind", or say why there is only one kind in "oneKindReason"`,
    });
  }
  if (kinds.size !== 1 && aid.oneKindReason !== undefined)
    problems.push({ path: 'oneKindReason', message: 'explains outcomes of one kind, but this aid has no outcomes or both kinds: remove it' });
}

/** Validates aid content; returns the typed aid or every problem found. */
export function validateAid(content: unknown): AidValidation {
  const problems: AidProblem[] = [];
  shape(content, 'aid', problems);
  if (problems.length) return { ok: false, problems: problems.map((p) => ({ ...p, path: p.path.replace(/^aid\.?/, '') || '(aid)' })) };
  const aid = content as DecisionAidContent;
  crossCheck(aid, problems);
  return problems.length ? { ok: false, problems } : { ok: true, aid };
}
