/**
 * A section from mapped entries: which entries are facts and which only record an absence
 * ("no known allergies"), and so whether the section lists entries, is none known, or is
 * not recorded. Shared by the FHIR, IPS and C-CDA mappings, which is why it stands apart
 * from the FHIR summary assembly.
 */
import type { CodedValue, NarrativePart, SectionNarrative, SummaryEntryMap, SummarySection, SummarySectionKey } from '../../ports.js';
import { currentAbsence } from '../../negation.js';
import type { Json } from './summary-fields.js';

/** The name shown for an entry, for absence checks. */
function entryConcept(key: SummarySectionKey, entry: Json): CodedValue {
  switch (key) {
    case 'allergies':
      return entry.substance;
    case 'immunizations':
      return entry.vaccine;
    case 'results':
    case 'vitals':
    case 'socialHistory':
      return entry.code;
    case 'encounters':
      return entry.type;
    case 'carePlan':
      return entry.title;
    case 'goals':
      return entry.description;
    case 'documents':
      return entry.type ?? { codings: [] };
    case 'careTeam':
    case 'devices':
    case 'advanceDirectives':
      return entry.name;
    default:
      return entry.name;
  }
}

/**
 * A section from mapped entries: entries that only record an absence ("no known
 * allergies") make the section `none-known` or `not-recorded` when nothing else is there;
 * one that no longer holds (inactive, refuted, entered in error) makes it neither.
 */
export function sectionOf<K extends SummarySectionKey>(
  key: K,
  entries: SummaryEntryMap[K][],
  extra: { narrative?: string; narrativeParts?: NarrativePart[]; truncated?: boolean; emptyReason?: 'none' | 'unknown' } = {},
): SummarySection<K> {
  const real: SummaryEntryMap[K][] = [];
  let noneKnown = extra.emptyReason === 'none';
  for (const entry of entries) {
    // the one rule the banner uses too: a lapsed "none known" (inactive, refuted, in error) says nothing
    const kind = currentAbsence(entryConcept(key, entry as Json) ?? { codings: [] }, entry as Json);
    if (kind === 'none') noneKnown = true;
    else if (kind === undefined) real.push(entry);
  }
  const narrative = narrativeOf(extra);
  if (real.length) {
    // "no known allergies" beside only negated facts ("not allergic to peanuts") still says none known
    const onlyNegated = noneKnown && real.every((entry) => (entry as Json).negation);
    return {
      state: 'entries',
      entries: real,
      ...narrative,
      ...(extra.truncated ? { truncated: true } : {}),
      ...(onlyNegated ? { noneKnown: true } : {}),
    };
  }
  if (noneKnown) return { state: 'none-known', ...narrative };
  return { state: 'not-recorded', ...narrative };
}

/** The narrative, with its labelled parts when one carries a label (the proxy policy needs them then only). */
function narrativeOf(extra: SectionNarrative): SectionNarrative {
  if (!extra.narrative) return {};
  const parts = extra.narrativeParts ?? [];
  return parts.some((part) => part.security.length) ? { narrative: extra.narrative, narrativeParts: parts } : { narrative: extra.narrative };
}
