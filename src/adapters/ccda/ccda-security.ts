/**
 * C-CDA confidentiality as security labels, so a record read from a C-CDA document is
 * labelled the way a FHIR resource's `meta.security` is and the proxy policy
 * (`src/core/proxy-policy.ts`) withholds it the same way (issue #18).
 *
 * Where C-CDA says it:
 * - `ClinicalDocument/confidentialityCode` (required; HL7 Confidentiality, OID
 *   2.16.840.1.113883.5.25: N normal, R restricted, V very restricted, …) for everything in
 *   the document;
 * - `section/confidentialityCode` for that section's entries (DS4P's "privacy segmented
 *   section": it may differ from the document's, in either direction, so it replaces it);
 * - on an entry: a `confidentialityCode` on the entry's statement or a statement inside it
 *   (some producers write one there), or a DS4P security observation (templates under
 *   2.16.840.1.113883.3.445, e.g. `.12` confidentiality, `.21` security observation) whose
 *   value is a confidentiality or sensitivity code (ActCode `ETH`, `PSY`, `SEX`, …). These
 *   add to the section's (or document's) label.
 */
import type { Coding } from '../ports.js';
import { attr, kid, kids } from './ccda-dom.js';

/** HL7 v3 code systems as FHIR writes them (the proxy policy matches these URIs). */
const LABEL_SYSTEMS: Record<string, string> = {
  '2.16.840.1.113883.5.25': 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality',
  '2.16.840.1.113883.5.4': 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  '2.16.840.1.113883.5.1063': 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
};
const CONFIDENTIALITY = LABEL_SYSTEMS['2.16.840.1.113883.5.25']!;
/** DS4P security observation templates share this root. */
const SECURITY_TEMPLATES = '2.16.840.1.113883.3.445.';

/**
 * A coded label; a `confidentialityCode` without a code system is a Confidentiality code
 * (the element is bound to it), anything else keeps its system as given.
 */
function labelOf(el: Element | undefined, defaultSystem?: string): Coding | undefined {
  const code = attr(el, 'code');
  if (!code) return undefined; // nullFlavor or empty: no label
  const oid = attr(el, 'codeSystem');
  const system = oid ? (LABEL_SYSTEMS[oid] ?? `urn:oid:${oid}`) : defaultSystem;
  return { code, ...(system ? { system } : {}), ...(attr(el, 'displayName') ? { display: attr(el, 'displayName') } : {}) };
}

/**
 * The confidentiality written directly on a document or a section (its own
 * `confidentialityCode`); `undefined` when it says nothing, so the enclosing level's holds.
 */
export function confidentialityOf(el: Element | undefined): Coding[] | undefined {
  const label = labelOf(kid(el, 'confidentialityCode'), CONFIDENTIALITY);
  return label ? [label] : undefined;
}

/**
 * Whether labels restrict anything: `N` (normal), which nearly every document carries, is
 * the absence of a restriction, so entries are not labelled with it.
 */
export const restricting = (labels: readonly Coding[]): Coding[] =>
  labels.filter((label) => !(label.system === CONFIDENTIALITY && label.code === 'N'));

const isSecurityObservation = (el: Element) =>
  el.localName === 'observation' && kids(el, 'templateId').some((t) => attr(t, 'root')?.startsWith(SECURITY_TEMPLATES));

/** The labels an entry's statement carries itself, anywhere inside it. */
export function entryLabels(statement: Element): Coding[] {
  const labels: Coding[] = [];
  const walk = (el: Element) => {
    if (el.localName === 'confidentialityCode') {
      const label = labelOf(el, CONFIDENTIALITY);
      if (label) labels.push(label);
      return;
    }
    if (isSecurityObservation(el)) {
      const label = labelOf(kid(el, 'value'));
      if (label) labels.push(label);
      return;
    }
    // the section narrative is not inside an entry; anything else may hold a nested statement
    for (const child of kids(el)) walk(child);
  };
  walk(statement);
  return labels;
}

/** One list of labels without repeats (same system and code). */
export function mergeLabels(...lists: Coding[][]): Coding[] {
  const seen = new Set<string>();
  return lists.flat().filter((label) => {
    const key = `${label.system ?? ''}|${label.code ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
