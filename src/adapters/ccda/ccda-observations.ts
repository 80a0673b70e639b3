/**
 * C-CDA results, vital signs and other findings (single observations or panels), and
 * procedures, encounters and plan-of-care activities and goals.
 */
import type {
  CarePlanEntry,
  Coding,
  EncounterEntry,
  GoalEntry,
  ObservationEntry,
  ProcedureEntry,
} from '../ports.js';
import {
  kids,
  kid,
  attr,
  text,
  timeOf,
  type Lookup,
  coding,
  codedOf,
  quantityOf,
  valueOf,
  personName,
  idOf,
  related,
  type Parsed,
} from './ccda-dom.js';
import { interpretationOf } from '../fhir/mapping/summary.js';
import { ccdaEnteredInError, ccdaNegation } from '../negation.js';
import { productName } from './ccda-medications.js';

function observation(obs: Element, lookup: Lookup, fallbackTime?: string, organizer?: Element): ObservationEntry {
  const code = codedOf(kid(obs, 'code'), lookup);
  if (!code.text && !code.codings.some((c) => c.display)) code.text = lookup(kid(obs, 'text'));
  const value = valueOf(kid(obs, 'value'), lookup);
  const range = kid(obs, 'referenceRange', 'observationRange');
  const rangeValue = kid(range, 'value');
  const referenceRange = range
    ? { low: quantityOf(kid(rangeValue, 'low')), high: quantityOf(kid(rangeValue, 'high')), text: lookup(kid(range, 'text')) }
    : undefined;
  const interpretation = kids(obs, 'interpretationCode').map((i) => coding(i)).filter((c): c is Coding => !!c);
  return {
    id: idOf(obs, 'observation'),
    code,
    status: attr(kid(obs, 'statusCode'), 'code'),
    effective: timeOf(kid(obs, 'effectiveTime')).start ?? fallbackTime,
    value,
    components: [],
    referenceRange,
    interpretation: interpretationOf({ codings: interpretation }, value, referenceRange),
    interpretationText: interpretation.find((c) => c.display)?.display,
    negation: ccdaNegation(obs),
    enteredInError: ccdaEnteredInError(obs, organizer),
  };
}

export function observations(entries: Element[], lookup: Lookup): Parsed<'results'> {
  const out: ObservationEntry[] = [];
  for (const entry of entries) {
    if (entry.localName === 'organizer') {
      const panelTime = timeOf(kid(entry, 'effectiveTime')).start;
      // the panel's own name ("CBC W Auto Differential panel") heads its results
      const panel = codedOf(kid(entry, 'code'), lookup);
      const named = panel.text || panel.codings.some((c) => c.display);
      for (const component of kids(entry, 'component')) {
        const obs = kid(component, 'observation');
        if (obs) out.push({ ...observation(obs, lookup, panelTime, entry), ...(named ? { panel } : {}) });
      }
    } else if (entry.localName === 'observation') {
      out.push(observation(entry, lookup));
    }
  }
  return { entries: out, none: false };
}

export function procedures(entries: Element[], lookup: Lookup): Parsed<'procedures'> {
  return {
    entries: entries.map(
      (el): ProcedureEntry => ({
        id: idOf(el, 'procedure'),
        name: ((c) => (c.text || c.codings.length ? c : { ...c, text: lookup(kid(el, 'text')) }))(codedOf(kid(el, 'code'), lookup)),
        performed: timeOf(kid(el, 'effectiveTime')).start,
        status: attr(kid(el, 'statusCode'), 'code'),
        negation: ccdaNegation(el),
        enteredInError: ccdaEnteredInError(el),
      }),
    ),
    none: false,
  };
}

/*
 * An encounter in any mood but an event (`EVN`) is one to come (intended, requested,
 * promised, proposed, an appointment): planned, never a visit that happened. An event's
 * `active` status is a visit going on now, `new` one not started.
 */
const ENCOUNTER_STATUSES: Record<string, string> = { active: 'in-progress', new: 'planned' };

function encounterStatus(el: Element): string | undefined {
  if ((attr(el, 'moodCode') ?? 'EVN') !== 'EVN') return 'planned';
  const code = attr(kid(el, 'statusCode'), 'code');
  return code ? (ENCOUNTER_STATUSES[code] ?? code) : undefined;
}

export function encounters(entries: Element[], lookup: Lookup): Parsed<'encounters'> {
  return {
    entries: entries
      .filter((e) => e.localName === 'encounter')
      .map((el): EncounterEntry => {
        const time = timeOf(kid(el, 'effectiveTime'));
        const type = codedOf(kid(el, 'code'), lookup);
        if (!type.text && !type.codings.length) type.text = lookup(kid(el, 'text'));
        return {
          id: idOf(el, 'encounter'),
          type,
          start: time.start,
          end: time.end,
          status: encounterStatus(el),
          enteredInError: ccdaEnteredInError(el),
          reasons: related(el, 'RSON').map((r) => codedOf(kid(r, 'value'), lookup)),
          location: text(kid(el, 'participant', 'participantRole', 'playingEntity', 'name')),
          practitioner: personName(kid(el, 'performer', 'assignedEntity', 'assignedPerson')),
        };
      }),
    none: false,
  };
}

export function plans(entries: Element[], lookup: Lookup): { carePlan: CarePlanEntry[]; goals: GoalEntry[] } {
  const carePlan: CarePlanEntry[] = [];
  const goals: GoalEntry[] = [];
  for (const el of entries) {
    // a planned vaccine or medicine (substanceAdministration, supply) is named by its product
    const product = ['substanceAdministration', 'supply'].includes(el.localName) ? productName(el, lookup) : undefined;
    const name = product && (product.text || product.codings.length) ? product : codedOf(kid(el, 'code'), lookup);
    if (!name.text && !name.codings.some((c) => c.display)) name.text = lookup(kid(el, 'text'));
    const value = el.localName === 'observation' ? valueOf(kid(el, 'value'), lookup) : undefined;
    const time = timeOf(kid(el, 'effectiveTime'));
    if (attr(el, 'moodCode') === 'GOL') {
      goals.push({
        id: idOf(el, 'goal'),
        description: name,
        due: time.end ?? time.start,
        status: attr(kid(el, 'statusCode'), 'code'),
        enteredInError: ccdaEnteredInError(el),
      });
      continue;
    }
    const activity = value?.kind === 'text' ? value.text : value?.kind === 'coded' ? value.coded.codings[0]?.display : undefined;
    carePlan.push({
      id: idOf(el, 'plan'),
      title: name,
      activities: activity ? [activity] : [],
      start: time.start,
      end: time.end,
      status: attr(kid(el, 'statusCode'), 'code'),
      enteredInError: ccdaEnteredInError(el),
    });
  }
  return { carePlan, goals };
}
