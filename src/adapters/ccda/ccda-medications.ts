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
import { ccdaNegation } from '../negation.js';

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
  // taken from the first phase's start until the last one's end (open if any phase is)
  const starts = parsed.map((p) => p.taken ?? p.takenPeriod?.start);
  const ends = parsed.map((p) => p.taken ?? p.takenPeriod?.end);
  const taken = parsed.every((p) => p.taken || p.takenPeriod)
    ? { start: starts.every(Boolean) ? starts.sort()[0] : undefined, end: ends.every(Boolean) ? ends.sort().at(-1) : undefined }
    : undefined;
  return {
    ...first,
    status: attr(kid(organizer, 'statusCode'), 'code') ?? first.status,
    dosage: [sig, phaseText.filter(Boolean).join('; then ')].filter(Boolean).join(' — ') || undefined,
    authoredOn: parsed.map((p) => p.authoredOn).filter(Boolean).sort()[0],
    taken: undefined,
    takenPeriod: taken?.start || taken?.end ? taken : undefined,
  };
}

/**
 * When a medication history (`moodCode="EVN"`: taken, or being taken) says it was taken:
 * one time, or the period from `low` to `high`. An intended medication's effectiveTime
 * is the course it is to be taken over, which is not a fact of taking, so it is not read.
 */
function takenOf(sa: Element, interval: Element | undefined): Pick<MedicationEntry, 'taken' | 'takenPeriod'> {
  if (attr(sa, 'moodCode') !== 'EVN' || !interval) return {};
  const { start, end } = timeOf(interval);
  if (attr(interval, 'value')) return { taken: start };
  return start || end ? { takenPeriod: { start, end } } : {};
}

/**
 * Who prescribed it and when: the author of its Medication Supply Order (the
 * prescription), else the activity's own author (C-CDA on FHIR maps `author/time` to
 * `MedicationRequest.authoredOn`). Never the effectiveTime: that is when it is taken.
 */
function prescriptionOf(sa: Element): Pick<MedicationEntry, 'prescriber' | 'authoredOn'> {
  const orders = related(sa, 'REFR').filter((s) => s.localName === 'supply' && attr(s, 'moodCode') === 'INT' && kid(s, 'author'));
  const latestOrder = orders.sort((a, b) => (timeOf(kid(a, 'author', 'time')).start ?? '').localeCompare(timeOf(kid(b, 'author', 'time')).start ?? '')).at(-1);
  const author = kid(latestOrder ?? sa, 'author');
  return { prescriber: personName(kid(author, 'assignedAuthor', 'assignedPerson')), authoredOn: timeOf(kid(author, 'time')).start };
}

export function medications(entries: Element[], lookup: Lookup): Parsed<'medications'> {
  const out: MedicationEntry[] = [];
  let none = false;
  for (const organizer of entries.filter((e) => e.localName === 'organizer')) {
    const phased = phasedMedication(organizer, lookup);
    if (phased) out.push(phased);
  }
  for (const sa of entries.filter((e) => e.localName === 'substanceAdministration')) {
    const name = productName(sa, lookup);
    if (attr(sa, 'negationInd') === 'true') {
      if (!name.codings.some((c) => c.code && !GENERIC_CODES.has(c.code))) {
        none = true;
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
      ...prescriptionOf(sa),
      ...takenOf(sa, interval),
      lastFilled: filled,
      negation: ccdaNegation(sa),
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
    });
  }
  return { entries: out, none: false };
}
