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
  ClinicalSummary,
  Coding,
  DocumentEntry,
  NarrativePart,
  PatientDemographics,
  SummarySectionKey,
} from '../ports.js';
import { sectionOf } from '../fhir/mapping/summary.js';
import {
  kids,
  kid,
  attr,
  text,
  hl7Date,
  type Lookup,
  makeLookup,
  codedOf,
  idOf,
  hasTemplate,
} from './ccda-dom.js';
import { allergies, problems, type EncounterDiagnosis } from './ccda-conditions.js';
import { immunizations, medications } from './ccda-medications.js';
import { encounters, observations, plans, procedures } from './ccda-observations.js';
import { careTeamSection, careTeams, directives, equipment } from './ccda-care.js';
import { narrativeHtml } from './ccda-narrative.js';
import { confidentialityOf, entryLabels, mergeLabels, restricting } from './ccda-security.js';

export { hl7Date } from './ccda-dom.js';
export { narrativeHtml } from './ccda-narrative.js';

const SECTION_CODES: Record<string, SummarySectionKey> = {
  '11450-4': 'problems',
  '11348-0': 'problems',
  '48765-2': 'allergies',
  '10160-0': 'medications',
  // the medicines a patient goes home with (discharge summaries): their list from now on
  '75311-1': 'medications',
  '10183-2': 'medications',
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
  // a hospital stay's admission and discharge diagnoses: problems, each marked as which
  // (`ENCOUNTER_DIAGNOSIS_SECTIONS`); HL7's own discharge summary example codes its
  // admission section 42347-5, and 78375-3 is LOINC's discharge diagnosis narrative
  '46241-6': 'problems',
  '42347-5': 'problems',
  '11535-2': 'problems',
  '78375-3': 'problems',
  '42348-3': 'advanceDirectives',
  '85847-2': 'careTeam',
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
  '2.16.840.1.113883.10.20.22.2.11': 'medications',
  '2.16.840.1.113883.10.20.22.2.2': 'immunizations',
  '2.16.840.1.113883.10.20.22.2.3': 'results',
  '2.16.840.1.113883.10.20.22.2.4': 'vitals',
  '2.16.840.1.113883.10.20.22.2.17': 'socialHistory',
  '2.16.840.1.113883.10.20.22.2.7': 'procedures',
  '2.16.840.1.113883.10.20.22.2.22': 'encounters',
  '2.16.840.1.113883.10.20.22.2.10': 'carePlan',
  '2.16.840.1.113883.10.20.22.2.60': 'goals',
  '2.16.840.1.113883.10.20.22.2.23': 'devices',
  '2.16.840.1.113883.10.20.22.2.43': 'problems', // admission diagnosis
  '2.16.840.1.113883.10.20.22.2.24': 'problems', // discharge diagnosis
  '2.16.840.1.113883.10.20.22.2.21': 'advanceDirectives',
  '2.16.840.1.113883.10.20.22.2.500': 'careTeam',
};

/** Admission and discharge diagnosis sections, by code or template id: what their diagnoses are. */
const ENCOUNTER_DIAGNOSIS_SECTIONS: Record<string, EncounterDiagnosis> = {
  '46241-6': 'admission',
  '42347-5': 'admission',
  '2.16.840.1.113883.10.20.22.2.43': 'admission',
  '11535-2': 'discharge',
  '78375-3': 'discharge',
  '2.16.840.1.113883.10.20.22.2.24': 'discharge',
};

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

function encounterDiagnosisOf(section: Element): EncounterDiagnosis | undefined {
  const keys = [attr(kid(section, 'code'), 'code'), ...kids(section, 'templateId').map((t) => attr(t, 'root'))];
  return keys.map((k) => ENCOUNTER_DIAGNOSIS_SECTIONS[k ?? '']).find(Boolean);
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
  const buckets = new Map<SummarySectionKey, Bucket>();
  const bucket = (key: SummarySectionKey) => {
    const found = buckets.get(key) ?? { entries: [], none: false, unknown: false, narratives: [] };
    buckets.set(key, found);
    return found;
  };
  const documentLabels = confidentialityOf(doc.documentElement) ?? [];
  for (const section of doc.getElementsByTagNameNS('*', 'section')) {
    const key = sectionKey(section);
    if (!key) continue;
    const target = bucket(key);
    // the section's own confidentiality replaces the document's (DS4P privacy-segmented section)
    const sectionLabels = confidentialityOf(section) ?? documentLabels;
    // nullFlavor NA (not applicable: nothing to report) is none known; NI, UNK, … not recorded
    if (section.getAttribute('nullFlavor') === 'NA') target.none = true;
    else if (section.getAttribute('nullFlavor')) target.unknown = true;
    let statements = kids(section, 'entry')
      .map((entry) => kids(entry)[0])
      .filter((el): el is Element => el !== undefined);
    const narrative = narrativeHtml(kid(section, 'text'));
    // the narrative tells what the section records: it carries the section's (or document's)
    // labels and its entries', so a restricted text-only section's words are withheld too
    if (narrative) target.narratives.push({ html: narrative, security: restricting(mergeLabels(sectionLabels, ...statements.map(entryLabels))) });
    if (attr(kid(section, 'code'), 'code') === '47420-5') {
      // functional status: its organizers and observations are findings with a value
      // ("Functional status: Independent walking"), shown as results; only its problem
      // observations are problems
      const findings = statements.filter((el) => el.localName === 'organizer' || hasTemplate(el, '2.16.840.1.113883.10.20.22.4.67'));
      // with their labels, as the section's other statements get them below
      for (const [labels, group] of groupByLabels(findings, sectionLabels)) {
        const read = observations(group, lookup).entries;
        bucket('results').entries.push(...(labels.length ? read.map((entry) => ({ ...entry, security: labels })) : read));
      }
      statements = statements.filter((el) => !findings.includes(el));
    }
    try {
      // statements grouped by their labels, each group read as the section would be read
      // whole; whatever a group adds, in this section or another, carries its labels
      for (const [labels, group] of groupByLabels(statements, sectionLabels)) {
        const before = new Map([...buckets].map(([k, b]) => [k, b.entries.length]));
        readStatements(key, group, lookup, target, bucket, encounterDiagnosisOf(section));
        if (!labels.length) continue;
        for (const [k, b] of buckets) {
          for (const entry of b.entries.slice(before.get(k) ?? 0)) (entry as { security?: Coding[] }).security = labels;
        }
      }
    } catch {
      // a section too malformed to read becomes that section's error, not the document's
      target.error = 'This section could not be read.';
    }
  }
  const unstructured = unstructuredDocument(doc, lookup);
  if (unstructured) {
    const labels = restricting(documentLabels);
    bucket('documents').entries.push(labels.length ? { ...unstructured, security: labels } : unstructured);
  }
  const teams = careTeams(doc, lookup);
  if (teams.length) bucket('careTeam').entries.push(...teams);
  const sections: ClinicalSummary['sections'] = {};
  for (const [key, found] of buckets) {
    if (found.error && !found.entries.length) {
      (sections as Record<string, unknown>)[key] = { state: 'error', error: { code: 'invalid', message: found.error } };
      continue;
    }
    (sections as Record<string, unknown>)[key] = sectionOf(key, found.entries as never, {
      narrative: found.narratives.map((part) => part.html).join('') || undefined,
      narrativeParts: found.narratives,
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

type Bucket = { entries: unknown[]; none: boolean; unknown: boolean; narratives: NarrativePart[]; error?: string };

/**
 * Statements by the labels they carry (their section's or document's, and their own), in
 * order of first appearance; `N` alone counts as no label. Unlabelled statements form one
 * group, so a document without restrictions is read exactly as before.
 */
function groupByLabels(statements: Element[], sectionLabels: Coding[]): [Coding[], Element[]][] {
  const groups = new Map<string, [Coding[], Element[]]>();
  for (const statement of statements) {
    const labels = restricting(mergeLabels(sectionLabels, entryLabels(statement)));
    const id = labels.map((l) => `${l.system}|${l.code}`).join(' ');
    const group = groups.get(id) ?? [labels, []];
    group[1].push(statement);
    groups.set(id, group);
  }
  return [...groups.values()];
}

/** Reads a section's statements into its bucket (and, for plans and goals, the other one's). */
function readStatements(
  key: SummarySectionKey,
  statements: Element[],
  lookup: Lookup,
  target: Bucket,
  bucket: (key: SummarySectionKey) => Bucket,
  encounterDiagnosis?: EncounterDiagnosis,
): void {
  let parsed: { entries: unknown[]; none: boolean };
  switch (key) {
    case 'problems':
      parsed = problems(statements, lookup, encounterDiagnosis);
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
    case 'careTeam':
      parsed = careTeamSection(statements, lookup);
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
}
