/**
 * C-CDA medicines and immunizations: substance administrations with their product, sig,
 * dispenses and negation; a medicine given in phases (an organizer) as one medicine.
 */
import type {
  CodedValue,
  ImmunizationEntry,
  MedicationEntry,
} from '../ports.js';
import {
  kids,
  kid,
  attr,
  text,
  xsiType,
  timeOf,
  type Lookup,
  codedOf,
  quantityOf,
  personName,
  idOf,
  related,
  hasTemplate,
  GENERIC_CODES,
  type Parsed,
} from './ccda-dom.js';
import { ccdaEnteredInError, ccdaNegation, ccdaUnorderedIntent } from '../negation.js';
import { instantOf, spanOf } from '../periods.js';

export function productName(el: Element, lookup: Lookup): CodedValue {
  const material = kid(el, 'consumable', 'manufacturedProduct', 'manufacturedMaterial');
  const name = codedOf(kid(material, 'code'), lookup);
  if (!name.text) name.text = text(kid(material, 'name'));
  return name;
}

function sigOf(el: Element, lookup: Lookup): string | undefined {
  const instructions = related(el, 'SUBJ').find((o) => hasTemplate(o, '2.16.840.1.113883.10.20.22.4.147'));
  const free = lookup(kid(instructions, 'text')) ?? lookup(kid(el, 'text'));
  if (free) return free;
  const parts: string[] = [];
  const dose = quantityOf(kid(el, 'doseQuantity'));
  if (dose?.value !== undefined) parts.push(`${dose.value}${dose.unit ? ` ${dose.unit}` : ''}`);
  const route = attr(kid(el, 'routeCode'), 'displayName');
  if (route) parts.push(route);
  const period = kids(el, 'effectiveTime').find((t) => /PIVL_TS/.test(xsiType(t) ?? ''));
  const every = quantityOf(kid(period, 'period'));
  if (every?.value !== undefined) parts.push(`every ${every.value} ${every.unit ?? ''}`.trim());
  return parts.join(', ') || undefined;
}

/**
 * One medicine given in phases (an organizer of medication activities: 2 tablets on day
 * 1, then 1 tablet daily) as one medication whose instructions name each phase in turn.
 */
function phasedMedication(organizer: Element, lookup: Lookup): MedicationEntry | undefined {
  const phases = kids(organizer, 'component')
    .map((c) => kid(c, 'substanceAdministration'))
    .filter((sa): sa is Element => !!sa);
  const parsed = medications(phases, lookup).entries;
  if (!parsed.length) return undefined;
  const first = parsed[0]!;
  const phaseText = phases.map((sa, i) => {
    const dose = quantityOf(kid(sa, 'doseQuantity'));
    const every = quantityOf(kid(kids(sa, 'effectiveTime').find((t) => /PIVL_TS/.test(xsiType(t) ?? '')), 'period'));
    const parts = [
      dose?.value !== undefined ? `${dose.value}${dose.unit ? ` ${dose.unit}` : ''}` : undefined,
      attr(kid(sa, 'routeCode'), 'displayName'),
      every?.value !== undefined ? `every ${every.value} ${every.unit ?? ''}`.trim() : undefined,
    ].filter(Boolean);
    return parts.length ? parts.join(', ') : parsed[i]?.dosage;
  });
  const sig = first.dosage && parsed.every((p) => p.dosage === first.dosage) ? first.dosage : undefined;
  // the prescriber and the date from one phase (the first prescribed), never from two orders
  const prescribed = parsed.filter((p) => p.authoredOn).sort((a, b) => instantOf(a.authoredOn) - instantOf(b.authoredOn))[0];
  return {
    ...first,
    status: attr(kid(organizer, 'statusCode'), 'code') ?? first.status,
    enteredInError: ccdaEnteredInError(organizer) ?? (parsed.every((p) => p.enteredInError) || undefined),
    dosage: [sig, phaseText.filter(Boolean).join('; then ')].filter(Boolean).join(' — ') || undefined,
    prescriber: prescribed?.prescriber,
    authoredOn: prescribed?.authoredOn,
    taken: undefined,
    takenPeriod: spanOf(parsed.map((p) => p.takenPeriod ?? (p.taken ? { start: p.taken, end: p.taken } : undefined))),
    course: spanOf(parsed.map((p) => p.course)),
  };
}

const authorTime = (el: Element | undefined) => timeOf(kid(el, 'author', 'time')).start;
const authorName = (el: Element | undefined) => personName(kid(el, 'author', 'assignedAuthor', 'assignedPerson'));

/**
 * The dates and people of a medication activity, read by its mood as C-CDA on FHIR does:
 * - intended (`INT`, a prescription; `RQO` too): effectiveTime is the course it is to be
 *   taken over (`boundsPeriod`), the author who prescribed it and `author/time` when
 *   (`authoredOn`); a proposal (`PRP`) has its course and who proposed it, no prescriber;
 * - a history (`EVN`: taken, or being taken): effectiveTime is when it was taken, and
 *   its author whoever recorded that — shown as such, never as a prescriber.
 * In both, a Medication Supply Order (the prescription itself) names the prescriber and
 * the date first. effectiveTime is never a prescription date.
 */
function datesOf(sa: Element, interval: Element | undefined): Partial<MedicationEntry> {
  const orders = related(sa, 'REFR').filter((s) => s.localName === 'supply' && attr(s, 'moodCode') === 'INT' && kid(s, 'author'));
  const order = orders.reduce<Element | undefined>((latest, o) => (!latest || instantOf(authorTime(o)) > instantOf(authorTime(latest)) ? o : latest), undefined);
  const { start, end } = timeOf(interval);
  const oneTime = !!interval && !!attr(interval, 'value');
  if (attr(sa, 'moodCode') === 'EVN') {
    return {
      taken: oneTime ? start : undefined,
      takenPeriod: !oneTime && (start || end) ? { start, end } : undefined,
      prescriber: authorName(order),
      authoredOn: authorTime(order),
      reported: { by: authorName(sa), on: authorTime(sa) },
    };
  }
  const course = start || end ? { start, end: oneTime ? start : end } : undefined;
  const intent = ccdaUnorderedIntent(sa);
  // a proposal (PRP) was not prescribed: its author proposed it, as a FHIR proposal's requester
  if (intent) return { course, proposed: { by: authorName(sa), on: authorTime(sa), intent } };
  return {
    course,
    prescriber: authorName(order) ?? authorName(sa),
    authoredOn: authorTime(order) ?? authorTime(sa),
  };
}

/** A Discharge Medication (an act around the medication activity it lists) as that activity. */
const DISCHARGE_MEDICATION = '2.16.840.1.113883.10.20.22.4.35';

export function medications(statements: Element[], lookup: Lookup): Parsed<'medications'> {
  const entries = statements.flatMap((e) =>
    e.localName === 'act' && hasTemplate(e, DISCHARGE_MEDICATION) ? related(e, 'SUBJ').filter((sa) => sa.localName === 'substanceAdministration') : [e],
  );
  const out: MedicationEntry[] = [];
  let none = false;
  for (const organizer of entries.filter((e) => e.localName === 'organizer')) {
    const phased = phasedMedication(organizer, lookup);
    if (phased) out.push(phased);
  }
  for (const sa of entries.filter((e) => e.localName === 'substanceAdministration')) {
    const name = productName(sa, lookup);
    const enteredInError = ccdaEnteredInError(sa);
    if (attr(sa, 'negationInd') === 'true') {
      if (!name.codings.some((c) => c.code && !GENERIC_CODES.has(c.code))) {
        // "no medications" recorded in error says nothing
        if (!enteredInError) none = true;
        continue;
      }
    }
    const interval = kids(sa, 'effectiveTime').find((t) => !/PIVL_TS|EIVL_TS/.test(xsiType(t) ?? ''));
    const supplies = related(sa, 'REFR').filter((s) => s.localName === 'supply' && attr(s, 'moodCode') === 'EVN');
    const filled = supplies.map((s) => timeOf(kid(s, 'effectiveTime')).start).filter(Boolean).sort().at(-1);
    const status = attr(kid(sa, 'statusCode'), 'code');
    out.push({
      id: idOf(sa, 'medication'),
      name,
      dosage: sigOf(sa, lookup),
      asNeeded: kids(sa, 'precondition').length > 0 || undefined,
      status,
      ...datesOf(sa, interval),
      lastFilled: filled,
      negation: ccdaNegation(sa),
      enteredInError,
    });
  }
  return { entries: out, none };
}

export function immunizations(entries: Element[], lookup: Lookup): Parsed<'immunizations'> {
  const out: ImmunizationEntry[] = [];
  for (const sa of entries.filter((e) => e.localName === 'substanceAdministration')) {
    const negated = attr(sa, 'negationInd') === 'true';
    const reason = related(sa, 'RSON')[0];
    out.push({
      id: idOf(sa, 'immunization'),
      vaccine: productName(sa, lookup),
      date: timeOf(kid(sa, 'effectiveTime')).start,
      doseNumber: attr(kid(sa, 'repeatNumber'), 'value'),
      status: negated ? 'not-done' : sa.hasAttribute('nullFlavor') ? undefined : (attr(kid(sa, 'statusCode'), 'code') ?? 'completed'),
      statusReason: reason ? codedOf(kid(reason, 'code'), lookup) : undefined,
      negation: negated ? 'not-done' : ccdaNegation(sa),
      enteredInError: ccdaEnteredInError(sa),
    });
  }
  return { entries: out, none: false };
}
