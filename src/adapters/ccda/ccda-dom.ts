/**
 * Reading C-CDA XML: namespace-agnostic DOM helpers (documents with and without the v3
 * namespace), HL7 times, coded values with their translations and narrative-referenced
 * original text, quantities (UCUM or not), values by `xsi:type`, and the
 * `entryRelationship` walk every section's entries use. Nothing here throws on odd content.
 */
import type {
  CodedValue,
  Coding,
  ObservationValue,
  QuantityValue,
  SummaryEntryMap,
  SummarySectionKey,
} from '../ports.js';

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

// ---------------------------------------------------------------------------
// DOM helpers (namespace-agnostic: documents with and without the v3 namespace)
// ---------------------------------------------------------------------------

export const kids = (el: Element | undefined | null, name?: string): Element[] =>
  el ? [...el.children].filter((c) => name === undefined || c.localName === name) : [];
export const kid = (el: Element | undefined | null, ...path: string[]): Element | undefined => {
  let current: Element | undefined = el ?? undefined;
  for (const name of path) current = kids(current, name)[0];
  return current;
};
export const attr = (el: Element | undefined | null, name: string): string | undefined => {
  const value = el?.getAttribute(name)?.trim();
  return value ? value : undefined;
};
export const text = (el: Element | undefined | null): string | undefined => {
  const value = el?.textContent?.replace(/\s+/g, ' ').trim();
  return value ? value : undefined;
};
export const isNull = (el: Element | undefined | null) => !el || el.hasAttribute('nullFlavor');
export const xsiType = (el: Element | undefined) =>
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
export function timeOf(el: Element | undefined): { start?: string; end?: string } {
  if (!el || isNull(el)) return {};
  const own = hl7Date(attr(el, 'value'));
  if (own) return { start: own };
  const low = kid(el, 'low');
  const high = kid(el, 'high');
  return { start: hl7Date(attr(low, 'value')), end: hl7Date(attr(high, 'value')) };
}

/** The narrative-referenced text (`<reference value="#id">`) or the element's own text. */
export type Lookup = (el: Element | undefined) => string | undefined;

export function makeLookup(doc: Document): Lookup {
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

export function coding(el: Element): Coding | undefined {
  const code = attr(el, 'code');
  const display = attr(el, 'displayName');
  if (!code && !display) return undefined;
  const oid = attr(el, 'codeSystem');
  return { system: oid ? (SYSTEMS[oid] ?? `urn:oid:${oid}`) : undefined, code, display };
}

/** A CD / CE element as a coded value (its codings, translations and original text). */
export function codedOf(el: Element | undefined, lookup: Lookup): CodedValue {
  if (!el) return { codings: [] };
  const codings = [el, ...kids(el, 'translation')].map(coding).filter((c): c is Coding => c !== undefined);
  const original = lookup(kid(el, 'originalText'));
  // when the code itself is null, the original text (or a translation) names it
  return { text: original, codings };
}

export function quantityOf(el: Element | undefined): QuantityValue | undefined {
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

export function valueOf(el: Element | undefined, lookup: Lookup): ObservationValue | undefined {
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

export function personName(el: Element | undefined): string | undefined {
  const name = kid(el, 'name');
  if (!name) return undefined;
  const parts = [...kids(name, 'prefix'), ...kids(name, 'given'), ...kids(name, 'family'), ...kids(name, 'suffix')]
    .map(text)
    .filter(Boolean);
  return parts.length ? parts.join(' ') : text(name);
}

let counter = 0;
export const idOf = (el: Element, prefix: string): string => {
  const id = kid(el, 'id');
  const root = attr(id, 'root');
  const ext = attr(id, 'extension');
  return root || ext ? `${prefix}/${root ?? ''}${ext ? `^${ext}` : ''}` : `${prefix}/${++counter}`;
};

/** `entryRelationship` children (of a type) and the clinical statement inside each. */
export function related(el: Element, typeCode?: string): Element[] {
  return kids(el, 'entryRelationship')
    .filter((r) => !typeCode || attr(r, 'typeCode') === typeCode)
    .map((r) => kids(r)[0])
    .filter((c): c is Element => c !== undefined && c.localName !== 'sequenceNumber');
}

export const hasTemplate = (el: Element, root: string) => kids(el, 'templateId').some((t) => attr(t, 'root') === root);

/** Status from a status observation (code 33999-4) when present. */
export function statusObservation(el: Element): string | undefined {
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
export const GENERIC_CODES = new Set([
  '55607006', '410942007', '419199007', '420134006', '418038007', '414285001', '416098002', '413477004', '105590001',
]);

export interface Parsed<K extends SummarySectionKey> {
  entries: SummaryEntryMap[K][];
  none: boolean;
}
