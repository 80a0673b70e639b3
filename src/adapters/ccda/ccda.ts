/**
 * C-CDA (CCD, discharge summary, progress note, or single sections) → clinical summary,
 * parsed in the browser with `DOMParser`. `<engage-clinical-summary>` loads this module
 * on demand (dynamic `import()`), so it is not part of the element's up-front bundle.
 *
 * Tolerant of what real documents do: sections found by LOINC code or template id,
 * `nullFlavor` anywhere, names only in `originalText` (direct or by `reference` into the
 * section narrative), `negationInd` for "no known …", times with or without zone,
 * panels (`organizer`) or single observations. Nothing here throws on odd content; only
 * XML that is not well-formed rejects (with an `invalid` EngageError).
 */
import { EngageError } from '../../core/errors.js';
import type {
  AdvanceDirectiveEntry,
  AllergyCriticality,
  AllergyEntry,
  CarePlanEntry,
  CareTeamEntry,
  CareTeamMember,
  ClinicalSummary,
  CodedValue,
  Coding,
  ContactValue,
  DeviceEntry,
  DocumentEntry,
  EncounterEntry,
  GoalEntry,
  ImmunizationEntry,
  MedicationEntry,
  ObservationEntry,
  ObservationValue,
  PatientDemographics,
  ProblemEntry,
  ProcedureEntry,
  QuantityValue,
  ReactionSeverity,
  SummaryEntryMap,
  SummarySectionKey,
} from '../ports.js';
import { interpretationOf, sectionOf } from '../fhir/mapping/summary.js';
import { ccdaNegation } from '../negation.js';

const SYSTEMS: Record<string, string> = {
  '2.16.840.1.113883.6.1': 'http://loinc.org',
  '2.16.840.1.113883.6.96': 'http://snomed.info/sct',
  '2.16.840.1.113883.6.88': 'http://www.nlm.nih.gov/research/umls/rxnorm',
  '2.16.840.1.113883.12.292': 'http://hl7.org/fhir/sid/cvx',
  '2.16.840.1.113883.6.90': 'http://hl7.org/fhir/sid/icd-10-cm',
  '2.16.840.1.113883.6.103': 'http://hl7.org/fhir/sid/icd-9-cm',
  '2.16.840.1.113883.6.12': 'http://www.ama-assn.org/go/cpt',
  '2.16.840.1.113883.5.4': 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
};

const SECTION_CODES: Record<string, SummarySectionKey> = {
  '11450-4': 'problems',
  '11348-0': 'problems',
  '48765-2': 'allergies',
  '10160-0': 'medications',
  '11369-6': 'immunizations',
  '30954-2': 'results',
  '8716-3': 'vitals',
  '29762-2': 'socialHistory',
  '47519-4': 'procedures',
  '46240-8': 'encounters',
  '18776-5': 'carePlan',
  '61146-7': 'goals',
  '47420-5': 'problems', // functional status: its problem observations (dyspnea, impaired mobility)
  '46264-8': 'devices', // medical equipment
  '42348-3': 'advanceDirectives',
  // mental status and nutrition: findings with a value ("Alert and oriented", "Diet: low
  // sodium"), shown as results like FHIR's cognitive-function and diet observations
  '10190-7': 'results',
  '61144-2': 'results',
  // family history (10157-6) and reason for referral (42349-1) are not mapped: the summary
  // has no place for a relative's conditions or for a referral letter's reason
};

/** Section template ids (without the `.1` "entries required" variants) → section. */
const SECTION_TEMPLATES: Record<string, SummarySectionKey> = {
  '2.16.840.1.113883.10.20.22.2.5': 'problems',
  '2.16.840.1.113883.10.20.22.2.6': 'allergies',
  '2.16.840.1.113883.10.20.22.2.1': 'medications',
  '2.16.840.1.113883.10.20.22.2.2': 'immunizations',
  '2.16.840.1.113883.10.20.22.2.3': 'results',
  '2.16.840.1.113883.10.20.22.2.4': 'vitals',
  '2.16.840.1.113883.10.20.22.2.17': 'socialHistory',
  '2.16.840.1.113883.10.20.22.2.7': 'procedures',
  '2.16.840.1.113883.10.20.22.2.22': 'encounters',
  '2.16.840.1.113883.10.20.22.2.10': 'carePlan',
  '2.16.840.1.113883.10.20.22.2.60': 'goals',
  '2.16.840.1.113883.10.20.22.2.23': 'devices',
  '2.16.840.1.113883.10.20.22.2.21': 'advanceDirectives',
};

// ---------------------------------------------------------------------------
// DOM helpers (namespace-agnostic: documents with and without the v3 namespace)
// ---------------------------------------------------------------------------

const kids = (el: Element | undefined | null, name?: string): Element[] =>
  el ? [...el.children].filter((c) => name === undefined || c.localName === name) : [];
const kid = (el: Element | undefined | null, ...path: string[]): Element | undefined => {
  let current: Element | undefined = el ?? undefined;
  for (const name of path) current = kids(current, name)[0];
  return current;
};
const attr = (el: Element | undefined | null, name: string): string | undefined => {
  const value = el?.getAttribute(name)?.trim();
  return value ? value : undefined;
};
const text = (el: Element | undefined | null): string | undefined => {
  const value = el?.textContent?.replace(/\s+/g, ' ').trim();
  return value ? value : undefined;
};
const isNull = (el: Element | undefined | null) => !el || el.hasAttribute('nullFlavor');
const xsiType = (el: Element | undefined) =>
  el?.getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'type') ?? el?.getAttribute('xsi:type') ?? undefined;

/** HL7 TS (`20140227`, `20140302124536-0500`) → ISO date / date-time as written. */
export function hl7Date(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const match = /^(\d{4})(\d{2})?(\d{2})?(?:(\d{2})(\d{2})?(\d{2})?(?:\.\d+)?)?([+-]\d{2}\d{2}|Z)?$/.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, zone] = match;
  if (!mo) return y;
  if (!d) return `${y}-${mo}`;
  if (!h) return `${y}-${mo}-${d}`;
  const offset = !zone ? '' : zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return `${y}-${mo}-${d}T${h}:${mi ?? '00'}:${s ?? '00'}${offset}`;
}

/** An IVL_TS / TS element's start (its own value, else `low`) and end. */
function timeOf(el: Element | undefined): { start?: string; end?: string } {
  if (!el || isNull(el)) return {};
  const own = hl7Date(attr(el, 'value'));
  if (own) return { start: own };
  const low = kid(el, 'low');
  const high = kid(el, 'high');
  return { start: hl7Date(attr(low, 'value')), end: hl7Date(attr(high, 'value')) };
}

/** The narrative-referenced text (`<reference value="#id">`) or the element's own text. */
type Lookup = (el: Element | undefined) => string | undefined;

function makeLookup(doc: Document): Lookup {
  const ids = new Map<string, Element>();
  for (const el of doc.getElementsByTagNameNS('*', '*')) {
    const id = el.getAttribute('ID');
    if (id) ids.set(id, el);
  }
  return (el) => {
    if (!el) return undefined;
    const ref = attr(kid(el, 'reference'), 'value');
    if (ref?.startsWith('#')) return text(ids.get(ref.slice(1)));
    return kids(el).length === 0 || kids(el, 'reference').length === 0 ? text(el) : undefined;
  };
}

function coding(el: Element): Coding | undefined {
  const code = attr(el, 'code');
  const display = attr(el, 'displayName');
  if (!code && !display) return undefined;
  const oid = attr(el, 'codeSystem');
  return { system: oid ? (SYSTEMS[oid] ?? `urn:oid:${oid}`) : undefined, code, display };
}

/** A CD / CE element as a coded value (its codings, translations and original text). */
function codedOf(el: Element | undefined, lookup: Lookup): CodedValue {
  if (!el) return { codings: [] };
  const codings = [el, ...kids(el, 'translation')].map(coding).filter((c): c is Coding => c !== undefined);
  const original = lookup(kid(el, 'originalText'));
  // when the code itself is null, the original text (or a translation) names it
  return { text: original, codings };
}

function quantityOf(el: Element | undefined): QuantityValue | undefined {
  if (!el) return undefined;
  if (isNull(el)) {
    // a unit outside UCUM: the PQ is null (OTH) and the value is in a translation, its
    // unit in the translation's original text ("152 THOUS/MCL")
    const translation = kid(el, 'translation');
    const raw = attr(translation, 'value');
    if (!raw || !/^[+-]?\d+(\.\d+)?$/.test(raw)) return undefined;
    const unit = text(kid(translation, 'originalText'));
    return { value: Number(raw), decimals: raw.includes('.') ? raw.split('.')[1]!.length : undefined, unit };
  }
  const raw = attr(el, 'value');
  const value = raw !== undefined && /^[+-]?\d+(\.\d+)?$/.test(raw) ? Number(raw) : undefined;
  const decimals = raw?.includes('.') ? raw.split('.')[1]!.length : undefined;
  const unit = attr(el, 'unit');
  if (value === undefined && !unit) return undefined;
  return { value, decimals, unit: unit === '1' ? undefined : unit, code: unit };
}

function valueOf(el: Element | undefined, lookup: Lookup): ObservationValue | undefined {
  if (!el || (isNull(el) && !kid(el, 'originalText') && !kid(el, 'translation'))) return undefined;
  const type = xsiType(el)?.replace(/^.*:/, '');
  switch (type) {
    case 'PQ':
    case 'INT':
    case 'REAL': {
      const quantity = quantityOf(el);
      return quantity ? { kind: 'quantity', quantity } : undefined;
    }
    case 'IVL_PQ': {
      const low = quantityOf(kid(el, 'low'));
      const high = quantityOf(kid(el, 'high'));
      // "> 60" is written as a range with only a low bound (and the reverse)
      if (low && !high) return { kind: 'quantity', quantity: { ...low, comparator: '>' } };
      if (high && !low) return { kind: 'quantity', quantity: { ...high, comparator: '<' } };
      return low || high ? { kind: 'range', low, high } : undefined;
    }
    case 'CD':
    case 'CE':
    case 'CO':
    case 'CV': {
      const coded = codedOf(el, lookup);
      return coded.codings.length || coded.text ? { kind: 'coded', coded } : undefined;
    }
    case 'BL':
      return { kind: 'boolean', value: attr(el, 'value') === 'true' };
    default: {
      const value = text(el) ?? lookup(el);
      return value ? { kind: 'text', text: value } : undefined;
    }
  }
}

function personName(el: Element | undefined): string | undefined {
  const name = kid(el, 'name');
  if (!name) return undefined;
  const parts = [...kids(name, 'prefix'), ...kids(name, 'given'), ...kids(name, 'family'), ...kids(name, 'suffix')]
    .map(text)
    .filter(Boolean);
  return parts.length ? parts.join(' ') : text(name);
}

let counter = 0;
const idOf = (el: Element, prefix: string): string => {
  const id = kid(el, 'id');
  const root = attr(id, 'root');
  const ext = attr(id, 'extension');
  return root || ext ? `${prefix}/${root ?? ''}${ext ? `^${ext}` : ''}` : `${prefix}/${++counter}`;
};

/** `entryRelationship` children (of a type) and the clinical statement inside each. */
function related(el: Element, typeCode?: string): Element[] {
  return kids(el, 'entryRelationship')
    .filter((r) => !typeCode || attr(r, 'typeCode') === typeCode)
    .map((r) => kids(r)[0])
    .filter((c): c is Element => c !== undefined && c.localName !== 'sequenceNumber');
}

const hasTemplate = (el: Element, root: string) => kids(el, 'templateId').some((t) => attr(t, 'root') === root);

/** Status from a status observation (code 33999-4) when present. */
function statusObservation(el: Element): string | undefined {
  const status = related(el, 'REFR').find(
    (o) => attr(kid(o, 'code'), 'code') === '33999-4' || hasTemplate(o, '2.16.840.1.113883.10.20.22.4.6') || hasTemplate(o, '2.16.840.1.113883.10.20.22.4.28'),
  );
  const display = attr(kid(status, 'value'), 'displayName')?.toLowerCase();
  const code = attr(kid(status, 'value'), 'code');
  if (display?.includes('resolved') || code === '413322009') return 'resolved';
  if (display?.includes('inactive') || code === '73425007') return 'inactive';
  if (display?.includes('active') || code === '55561003') return 'active';
  return undefined;
}

// ---------------------------------------------------------------------------
// Entries per section
// ---------------------------------------------------------------------------

/*
 * Generic codes a "no known …" statement negates: problem, drug or medicament, allergy and
 * propensity codes, and the generic substances ("allergen or pseudoallergen", "substance").
 */
const GENERIC_CODES = new Set([
  '55607006', '410942007', '419199007', '420134006', '418038007', '414285001', '416098002', '413477004', '105590001',
]);

interface Parsed<K extends SummarySectionKey> {
  entries: SummaryEntryMap[K][];
  none: boolean;
}

function problems(entries: Element[], lookup: Lookup): Parsed<'problems'> {
  const out: ProblemEntry[] = [];
  let none = false;
  for (const entry of entries) {
    const concern = entry.localName === 'act' ? entry : undefined;
    const observations = concern ? related(concern, 'SUBJ').filter((o) => o.localName === 'observation') : [entry];
    for (const obs of observations) {
      const value = kid(obs, 'value');
      const name = codedOf(value, lookup);
      // the statement's own text often points at a whole table row: only a last resort
      if (!name.text && !name.codings.some((c) => c.display)) name.text = lookup(kid(obs, 'text'));
      const negation = ccdaNegation(obs);
      // "no known problems" negates the generic Problem code; a specific negation
      // ("does not have diabetes") is listed as such, never as a problem
      if (negation === 'absent' && !name.codings.some((c) => c.code && !GENERIC_CODES.has(c.code))) {
        none = true;
        continue;
      }
      const time = timeOf(kid(obs, 'effectiveTime'));
      const concernStatus = attr(kid(concern, 'statusCode'), 'code');
      out.push({
        id: idOf(obs, 'problem'),
        name,
        onset: time.start,
        abatement: time.end,
        status: statusObservation(obs) ?? (time.end ? 'resolved' : concernStatus === 'completed' ? 'resolved' : 'active'),
        recorded: timeOf(kid(concern, 'effectiveTime')).start,
        negation,
      });
    }
  }
  return { entries: out, none };
}

const CRITICALITY: Record<string, AllergyCriticality> = {
  '24484000': 'high', // severe (older documents used severity codes)
  CRITH: 'high',
  CRITL: 'low',
  CRITU: 'unable-to-assess',
};

function severityOf(el: Element | undefined): ReactionSeverity | undefined {
  const sev = el ? related(el, 'SUBJ').find((o) => attr(kid(o, 'code'), 'code') === 'SEV') : undefined;
  const display = `${attr(kid(sev, 'value'), 'displayName') ?? ''} ${attr(kid(sev, 'value'), 'code') ?? ''}`.toLowerCase();
  if (/severe|24484000/.test(display)) return 'severe';
  if (/moderate|6736007/.test(display)) return 'moderate';
  if (/mild|255604002/.test(display)) return 'mild';
  return undefined;
}

/** Severity (SEV, 4.8), criticality (4.145) or status (4.28) observation: a detail of an allergy. */
function isAllergyDetail(obs: Element): boolean {
  const code = attr(kid(obs, 'code'), 'code');
  return (
    code === 'SEV' ||
    code === '82606-5' ||
    code === '33999-4' ||
    ['2.16.840.1.113883.10.20.22.4.8', '2.16.840.1.113883.10.20.22.4.145', '2.16.840.1.113883.10.20.22.4.28'].some((t) => hasTemplate(obs, t))
  );
}

function allergies(entries: Element[], lookup: Lookup): Parsed<'allergies'> {
  const out: AllergyEntry[] = [];
  let none = false;
  for (const entry of entries) {
    const concern = entry.localName === 'act' ? entry : undefined;
    // a concern also carries severity, criticality and status observations: they describe
    // the allergy, and are never an allergy of their own
    const observations = concern ? related(concern, 'SUBJ').filter((o) => o.localName === 'observation' && !isAllergyDetail(o)) : [entry];
    for (const obs of observations) {
      const material = kid(obs, 'participant', 'participantRole', 'playingEntity');
      const substance = codedOf(kid(material, 'code'), lookup);
      if (!substance.text && !substance.codings.length) substance.text = text(kid(material, 'name'));
      const negation = ccdaNegation(obs);
      // "no known allergies" negates a null or generic substance; "not allergic to
      // peanuts" names one, and is listed as that negated fact
      if (negation === 'absent' && !substance.codings.some((c) => c.code && !GENERIC_CODES.has(c.code))) {
        none = true;
        continue;
      }
      const criticalityObs = related(obs, 'SUBJ').find(
        (o) => attr(kid(o, 'code'), 'code') === '82606-5' || hasTemplate(o, '2.16.840.1.113883.10.20.22.4.145'),
      );
      const criticalityCode = attr(kid(criticalityObs, 'value'), 'code');
      const type = codedOf(kid(obs, 'value'), lookup);
      const concernStatus = attr(kid(concern, 'statusCode'), 'code');
      out.push({
        id: idOf(obs, 'allergy'),
        substance,
        type: type.codings[0]?.display,
        category: [],
        criticality: criticalityCode ? CRITICALITY[criticalityCode] : undefined,
        reactions: related(obs, 'MFST').map((reaction) => ({
          manifestation: [codedOf(kid(reaction, 'value'), lookup)],
          severity: severityOf(reaction),
        })),
        onset: timeOf(kid(obs, 'effectiveTime')).start,
        status: statusObservation(obs) ?? (concernStatus === 'completed' ? 'inactive' : 'active'),
        negation,
      });
    }
  }
  return { entries: out, none };
}

function productName(el: Element, lookup: Lookup): CodedValue {
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
  return {
    ...first,
    status: attr(kid(organizer, 'statusCode'), 'code') ?? first.status,
    dosage: [sig, phaseText.filter(Boolean).join('; then ')].filter(Boolean).join(' — ') || undefined,
    authoredOn: parsed.map((p) => p.authoredOn).filter(Boolean).sort()[0],
  };
}

function medications(entries: Element[], lookup: Lookup): Parsed<'medications'> {
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
      prescriber: personName(kid(sa, 'author', 'assignedAuthor', 'assignedPerson')),
      authoredOn: timeOf(interval).start,
      lastFilled: filled,
      negation: ccdaNegation(sa),
    });
  }
  return { entries: out, none };
}

function immunizations(entries: Element[], lookup: Lookup): Parsed<'immunizations'> {
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

function observation(obs: Element, lookup: Lookup, fallbackTime?: string): ObservationEntry {
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
  };
}

function observations(entries: Element[], lookup: Lookup): Parsed<'results'> {
  const out: ObservationEntry[] = [];
  for (const entry of entries) {
    if (entry.localName === 'organizer') {
      const panelTime = timeOf(kid(entry, 'effectiveTime')).start;
      // the panel's own name ("CBC W Auto Differential panel") heads its results
      const panel = codedOf(kid(entry, 'code'), lookup);
      const named = panel.text || panel.codings.some((c) => c.display);
      for (const component of kids(entry, 'component')) {
        const obs = kid(component, 'observation');
        if (obs) out.push({ ...observation(obs, lookup, panelTime), ...(named ? { panel } : {}) });
      }
    } else if (entry.localName === 'observation') {
      out.push(observation(entry, lookup));
    }
  }
  return { entries: out, none: false };
}

function procedures(entries: Element[], lookup: Lookup): Parsed<'procedures'> {
  return {
    entries: entries.map(
      (el): ProcedureEntry => ({
        id: idOf(el, 'procedure'),
        name: ((c) => (c.text || c.codings.length ? c : { ...c, text: lookup(kid(el, 'text')) }))(codedOf(kid(el, 'code'), lookup)),
        performed: timeOf(kid(el, 'effectiveTime')).start,
        status: attr(kid(el, 'statusCode'), 'code'),
        negation: ccdaNegation(el),
      }),
    ),
    none: false,
  };
}

function encounters(entries: Element[], lookup: Lookup): Parsed<'encounters'> {
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
          status: attr(kid(el, 'statusCode'), 'code'),
          reasons: related(el, 'RSON').map((r) => codedOf(kid(r, 'value'), lookup)),
          location: text(kid(el, 'participant', 'participantRole', 'playingEntity', 'name')),
          practitioner: personName(kid(el, 'performer', 'assignedEntity', 'assignedPerson')),
        };
      }),
    none: false,
  };
}

function plans(entries: Element[], lookup: Lookup): { carePlan: CarePlanEntry[]; goals: GoalEntry[] } {
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
      goals.push({ id: idOf(el, 'goal'), description: name, due: time.end ?? time.start, status: attr(kid(el, 'statusCode'), 'code') });
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
    });
  }
  return { carePlan, goals };
}

// ---------------------------------------------------------------------------
// Care team (the document's care providers) and medical equipment
// ---------------------------------------------------------------------------

const TELECOM_SYSTEMS: Record<string, string> = { tel: 'phone', mailto: 'email', fax: 'fax', http: 'url', https: 'url' };
const TELECOM_USES: Record<string, string> = { WP: 'work', HP: 'home', H: 'home', MC: 'mobile', PG: 'pager', TMP: 'temp' };

/** `<telecom value="tel:+1(555)555-1004" use="WP">` elements as contacts. */
function contactsOf(el: Element | undefined): ContactValue[] {
  return kids(el, 'telecom')
    .filter((t) => !isNull(t) && attr(t, 'value'))
    .map((t) => {
      const raw = attr(t, 'value')!;
      const scheme = /^([a-z]+):/i.exec(raw)?.[1]?.toLowerCase();
      return {
        system: scheme ? TELECOM_SYSTEMS[scheme] : undefined,
        value: raw.replace(/^(tel|mailto|fax):\s*/i, ''),
        use: TELECOM_USES[attr(t, 'use') ?? ''],
      };
    });
}

/**
 * The care team of a document: the performers of its `documentationOf/serviceEvent`
 * (C-CDA's "care team members": primary care provider and others, with their function,
 * organization and telecom). One team per service event.
 */
function careTeams(doc: Document, lookup: Lookup): CareTeamEntry[] {
  const root = doc.documentElement;
  if (root.localName !== 'ClinicalDocument') return [];
  return kids(root, 'documentationOf')
    .map((documentation) => kid(documentation, 'serviceEvent'))
    .filter((event): event is Element => !!event && kids(event, 'performer').length > 0)
    .map((event): CareTeamEntry => {
      const members = kids(event, 'performer').map((performer): CareTeamMember => {
        const entity = kid(performer, 'assignedEntity');
        const organization = kid(entity, 'representedOrganization');
        const role = codedOf(kid(performer, 'functionCode'), lookup);
        const specialty = codedOf(kid(entity, 'code'), lookup);
        return {
          name: personName(kid(entity, 'assignedPerson')) ?? text(kid(organization, 'name')),
          role: role.text || role.codings.length ? role : specialty.codings.length ? specialty : undefined,
          organization: text(kid(organization, 'name')),
          contacts: [...contactsOf(entity), ...contactsOf(organization)],
        };
      });
      const time = timeOf(kid(event, 'effectiveTime'));
      return {
        id: idOf(event, 'careteam'),
        name: { codings: [] },
        members,
        reasons: [],
        start: time.start,
        end: time.end,
      };
    });
}

const IMPLANT_CODE = '40388003';

/**
 * Medical equipment: supplies (the device is the product's `playingDevice`), device
 * procedures, and organizers grouping them (an organizer coded "Implant" makes its
 * members implants). The supply's own status is the act's, not the device's: not shown.
 */
function equipment(entries: Element[], lookup: Lookup): { entries: DeviceEntry[]; none: boolean } {
  const out: DeviceEntry[] = [];
  let none = false;
  const add = (el: Element, implant: boolean | undefined) => {
    const device = kids(el, 'participant')
      .map((p) => kid(p, 'participantRole', 'playingDevice'))
      .find((d): d is Element => !!d);
    const name = codedOf(kid(device, 'code') ?? (el.localName === 'procedure' ? kid(el, 'code') : undefined), lookup);
    if (!name.text && !name.codings.some((c) => c.display)) name.text = text(kid(device, 'manufacturerModelName')) ?? lookup(kid(el, 'text'));
    if (attr(el, 'negationInd') === 'true') {
      if (!name.codings.some((c) => c.code && !GENERIC_CODES.has(c.code))) none = true;
      return;
    }
    const time = timeOf(kid(el, 'effectiveTime'));
    // the FDA's UDI is the product instance's id under the UDI root
    const udi = kids(device?.parentElement, 'id').find((i) => attr(i, 'root') === '2.16.840.1.113883.3.3719');
    out.push({
      id: idOf(el, 'device'),
      name,
      implant,
      maker: text(kid(device, 'manufacturerModelName')),
      udi: attr(udi, 'extension'),
      // a supply records when it was handed over: its only date is when the device was had from
      start: time.start ?? time.end,
    });
  };
  for (const entry of entries) {
    if (entry.localName === 'organizer') {
      const implant = attr(kid(entry, 'code'), 'code') === IMPLANT_CODE || undefined;
      for (const component of kids(entry, 'component')) {
        const member = kids(component)[0];
        if (member && (member.localName === 'supply' || member.localName === 'procedure')) add(member, implant);
      }
    } else if (entry.localName === 'supply' || entry.localName === 'procedure') {
      add(entry, undefined);
    }
  }
  return { entries: out, none };
}

/**
 * Advance directive observations, alone or in an advance-directive organizer: what the
 * directive says (the value, "Not for resuscitation") and its kind (the code).
 */
function directives(entries: Element[], lookup: Lookup): { entries: AdvanceDirectiveEntry[]; none: boolean } {
  const out: AdvanceDirectiveEntry[] = [];
  let none = false;
  const observations = entries.flatMap((entry) =>
    entry.localName === 'organizer' ? kids(entry, 'component').map((c) => kid(c, 'observation')).filter((o): o is Element => !!o) : entry.localName === 'observation' ? [entry] : [],
  );
  for (const obs of observations) {
    const value = codedOf(kid(obs, 'value'), lookup);
    const kind = codedOf(kid(obs, 'code'), lookup);
    if (attr(obs, 'negationInd') === 'true') {
      none = true;
      continue;
    }
    const named = value.text || value.codings.length ? value : kind;
    out.push({
      id: idOf(obs, 'directive'),
      name: named.text || named.codings.length ? named : { text: lookup(kid(obs, 'text')), codings: [] },
      kind: named === value ? kind : undefined,
      date: timeOf(kid(obs, 'effectiveTime')).start,
    });
  }
  return { entries: out, none };
}

// ---------------------------------------------------------------------------
// Narrative: CDA narrative block → XHTML for the sanitizer
// ---------------------------------------------------------------------------

const NARRATIVE_TAGS: Record<string, string> = {
  paragraph: 'p',
  content: 'span',
  item: 'li',
  linkHtml: 'a',
  table: 'table',
  thead: 'thead',
  tbody: 'tbody',
  tfoot: 'tfoot',
  tr: 'tr',
  td: 'td',
  th: 'th',
  caption: 'caption',
  br: 'br',
  sub: 'sub',
  sup: 'sup',
  footnote: 'small',
  col: 'col',
  colgroup: 'colgroup',
};

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Serializes a CDA `<text>` block as XHTML; the element sanitizes it before showing it. */
export function narrativeHtml(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  const walk = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.CDATA_SECTION_NODE) return escapeHtml(node.nodeValue ?? '');
    if (node.nodeType !== Node.ELEMENT_NODE) return '';
    const element = node as Element;
    const inner = [...element.childNodes].map(walk).join('');
    const name = element.localName === 'list' ? (attr(element, 'listType') === 'ordered' ? 'ol' : 'ul') : NARRATIVE_TAGS[element.localName];
    if (!name) return inner;
    if (name === 'br') return '<br>';
    const href = name === 'a' ? attr(element, 'href') : undefined;
    const span = ['td', 'th'].includes(name)
      ? ['colspan', 'rowspan'].map((a) => (attr(element, a) ? ` ${a}="${escapeHtml(attr(element, a)!)}"` : '')).join('')
      : '';
    return `<${name}${href ? ` href="${escapeHtml(href)}"` : ''}${span}>${inner}</${name}>`;
  };
  const html = walk(el).trim();
  return html.replace(/<[^>]*>/g, '').trim() ? `<div>${html}</div>` : undefined;
}

// ---------------------------------------------------------------------------
// Document
// ---------------------------------------------------------------------------

function sectionKey(section: Element): SummarySectionKey | undefined {
  const code = attr(kid(section, 'code'), 'code');
  if (code && SECTION_CODES[code]) return SECTION_CODES[code];
  for (const template of kids(section, 'templateId')) {
    const root = attr(template, 'root')?.replace(/\.1$/, '') ?? '';
    if (SECTION_TEMPLATES[root]) return SECTION_TEMPLATES[root];
  }
  return undefined;
}

function patientOf(doc: Document): PatientDemographics | undefined {
  const role = doc.getElementsByTagNameNS('*', 'patientRole')[0];
  if (!role) return undefined;
  const patient = kid(role, 'patient');
  const name = kid(patient, 'name');
  const gender = attr(kid(patient, 'administrativeGenderCode'), 'code');
  const id = kids(role, 'id').find((i) => attr(i, 'extension'));
  const birth = hl7Date(attr(kid(patient, 'birthTime'), 'value'));
  return {
    ref: `Patient/${attr(id, 'extension') ?? ''}`,
    names: name
      ? [
          {
            family: text(kid(name, 'family')),
            given: kids(name, 'given').map(text).filter((g): g is string => !!g),
            prefix: kids(name, 'prefix').map(text).filter((g): g is string => !!g),
            suffix: kids(name, 'suffix').map(text).filter((g): g is string => !!g),
          },
        ]
      : [],
    birthDate: birth?.slice(0, 10),
    sex: gender === 'F' ? 'female' : gender === 'M' ? 'male' : gender ? 'other' : undefined,
    identifiers: id ? [{ value: attr(id, 'extension')!, system: attr(id, 'root') }] : [],
  };
}

/*
 * `DOMParser.parseFromString` is a Trusted Types sink even for XML. The document it
 * returns is inert (never inserted, its scripts never run; we only read text and
 * attributes, and narrative goes through the sanitizer), so the text passes through a
 * policy unchanged. Under `require-trusted-types-for 'script'` the host's CSP must allow
 * the policy name `ehr-engage-ccda` (beside `ehr-engage`).
 */
const POLICY_NAME = 'ehr-engage-ccda';
let xmlPolicy: Pick<TrustedTypePolicy, 'createHTML'> | null | undefined;

function trustedXml(text: string): string | TrustedHTML {
  const tt = (globalThis as { trustedTypes?: TrustedTypePolicyFactory }).trustedTypes;
  if (!tt) return text;
  if (xmlPolicy === undefined) {
    try {
      xmlPolicy = tt.createPolicy(POLICY_NAME, { createHTML: (input: string) => input });
    } catch {
      xmlPolicy = null;
    }
  }
  if (xmlPolicy) return xmlPolicy.createHTML(text);
  // Trusted Types are available but our policy is not allowed: a plain string may still
  // be accepted (report-only or no enforcement); if it is not, say what the host must do
  try {
    new DOMParser().parseFromString('<x/>', 'application/xml');
    return text;
  } catch {
    const message = `Reading C-CDA needs the Trusted Types policy "${POLICY_NAME}" allowed in the page's Content-Security-Policy.`;
    throw new EngageError('not-configured', message, { details: [message] });
  }
}

/**
 * An unstructured document (`nonXMLBody`): its one file, inline (base64 or plain text) or
 * referenced (`reference/@value`), as a document the reader opens — not "no sections".
 */
function unstructuredDocument(doc: Document, lookup: Lookup): DocumentEntry | undefined {
  const root = doc.documentElement;
  const body = kid(root, 'component', 'nonXMLBody');
  const content = kid(body, 'text');
  if (!content) return undefined;
  const contentType = attr(content, 'mediaType') ?? 'text/plain';
  const url = attr(kid(content, 'reference'), 'value');
  const raw = kids(content).length ? undefined : content.textContent?.trim();
  let data: string | undefined;
  if (raw && attr(content, 'representation') === 'B64') data = raw.replace(/\s+/g, '');
  else if (raw) data = btoa(Array.from(new TextEncoder().encode(raw), (b) => String.fromCharCode(b)).join(''));
  if (!data && !url) return undefined;
  const type = codedOf(kid(root, 'code'), lookup);
  return {
    id: idOf(root, 'document'),
    kind: 'note',
    title: text(kid(root, 'title')) ?? type.text ?? type.codings.find((c) => c.display)?.display ?? '',
    type,
    date: hl7Date(attr(kid(root, 'effectiveTime'), 'value')),
    contentType,
    url,
    contents: [{ contentType, data, url }],
  };
}

/** Parses C-CDA XML into a clinical summary. Rejects only XML that is not well-formed. */
export function summaryFromCcda(xml: string): ClinicalSummary {
  const source = String(xml ?? '');
  const parse = (text: string) => {
    const parsed = new DOMParser().parseFromString(trustedXml(text) as string, 'application/xml');
    return parsed.getElementsByTagName('parsererror').length || !parsed.documentElement ? undefined : parsed;
  };
  // a bare section (or several) often uses xsi: and sdtc: without declaring them: wrap and declare
  const doc =
    parse(source) ??
    parse(
      `<document xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:sdtc="urn:hl7-org:sdtc">${source.replace(/^\s*<\?xml[^>]*\?>/, '')}</document>`,
    );
  if (!doc) throw new EngageError('invalid', 'The C-CDA document is not well-formed XML.');
  const lookup = makeLookup(doc);
  type Bucket = { entries: unknown[]; none: boolean; unknown: boolean; narratives: string[]; error?: string };
  const buckets = new Map<SummarySectionKey, Bucket>();
  const bucket = (key: SummarySectionKey) => {
    const found = buckets.get(key) ?? { entries: [], none: false, unknown: false, narratives: [] };
    buckets.set(key, found);
    return found;
  };
  for (const section of doc.getElementsByTagNameNS('*', 'section')) {
    const key = sectionKey(section);
    if (!key) continue;
    const target = bucket(key);
    // nullFlavor NA (not applicable: nothing to report) is none known; NI, UNK, … not recorded
    if (section.getAttribute('nullFlavor') === 'NA') target.none = true;
    else if (section.getAttribute('nullFlavor')) target.unknown = true;
    const narrative = narrativeHtml(kid(section, 'text'));
    if (narrative) target.narratives.push(narrative);
    let statements = kids(section, 'entry')
      .map((entry) => kids(entry)[0])
      .filter((el): el is Element => el !== undefined);
    if (attr(kid(section, 'code'), 'code') === '47420-5') {
      // functional status: its organizers and observations are findings with a value
      // ("Functional status: Independent walking"), shown as results; only its problem
      // observations are problems
      const findings = statements.filter((el) => el.localName === 'organizer' || hasTemplate(el, '2.16.840.1.113883.10.20.22.4.67'));
      bucket('results').entries.push(...observations(findings, lookup).entries);
      statements = statements.filter((el) => !findings.includes(el));
    }
    try {
      let parsed: { entries: unknown[]; none: boolean };
      switch (key) {
        case 'problems':
          parsed = problems(statements, lookup);
          break;
        case 'allergies':
          parsed = allergies(statements, lookup);
          break;
        case 'medications':
          parsed = medications(statements, lookup);
          break;
        case 'immunizations':
          parsed = immunizations(statements, lookup);
          break;
        case 'procedures':
          parsed = procedures(statements, lookup);
          break;
        case 'encounters':
          parsed = encounters(statements, lookup);
          break;
        case 'devices':
          parsed = equipment(statements, lookup);
          break;
        case 'advanceDirectives':
          parsed = directives(statements, lookup);
          break;
        case 'carePlan':
        case 'goals': {
          // a plan-of-care section holds goals too (moodCode GOL), and the reverse
          const { carePlan, goals } = plans(statements, lookup);
          if (key === 'carePlan') {
            if (goals.length) bucket('goals').entries.push(...goals);
            parsed = { entries: carePlan, none: false };
          } else {
            if (carePlan.length) bucket('carePlan').entries.push(...carePlan);
            parsed = { entries: goals, none: false };
          }
          break;
        }
        default:
          parsed = observations(statements, lookup);
      }
      target.entries.push(...parsed.entries);
      if (parsed.none) target.none = true;
    } catch {
      // a section too malformed to read becomes that section's error, not the document's
      target.error = 'This section could not be read.';
    }
  }
  const unstructured = unstructuredDocument(doc, lookup);
  if (unstructured) bucket('documents').entries.push(unstructured);
  const teams = careTeams(doc, lookup);
  if (teams.length) bucket('careTeam').entries.push(...teams);
  const sections: ClinicalSummary['sections'] = {};
  for (const [key, found] of buckets) {
    if (found.error && !found.entries.length) {
      (sections as Record<string, unknown>)[key] = { state: 'error', error: { code: 'invalid', message: found.error } };
      continue;
    }
    (sections as Record<string, unknown>)[key] = sectionOf(key, found.entries as never, {
      narrative: found.narratives.join('') || undefined,
      emptyReason: found.none ? 'none' : found.unknown ? 'unknown' : undefined,
    });
  }
  const root = doc.documentElement;
  return {
    source: 'ccda',
    generated: root.localName === 'ClinicalDocument' ? hl7Date(attr(kid(root, 'effectiveTime'), 'value')) : undefined,
    patient: patientOf(doc),
    sections,
  };
}
