/**
 * International Patient Summary (IPS) `Bundle` ↔ clinical summary. Pure data mapping,
 * no I/O: the FHIR summary port uses it for `Patient/$summary` answers and to build a
 * downloadable document, and `<engage-clinical-summary>` loads it on demand (dynamic
 * `import()`) when a host gives it a Bundle as a property — so the element never imports
 * the FHIR adapter or its HTTP client, and the mapping is not in its up-front bundle.
 *
 * Tolerant of what real IPS documents do: sections with `emptyReason`, "no known …"
 * entries, `searchset` Bundles holding a Composition, references by `fullUrl` or by
 * `Type/id`, DiagnosticReports in the results section, missing codes or dates.
 */
import type {
  ClinicalSummary,
  Coding,
  NarrativePart,
  SummaryEntryMap,
  SummarySection,
  SummarySectionKey,
} from '../ports.js';
import type { Bundle, CodeableConcept, Resource } from '../fhir/fhir-types.js';
import { toPatientDemographics } from '../fhir/mapping/patient.js';
import {
  documentLabels,
  recordLabels,
  observationSection,
  panelMembers,
  resolverFor,
  sectionOf,
  summaryFromResources,
  toAllergy,
  toCarePlan,
  toDocument,
  toEncounter,
  toGoal,
  toImmunization,
  toMedicationRequest,
  toMedicationStatement,
  toObservation,
  toProblem,
  toProcedure,
  toReportResult,
  type Resolver,
} from '../fhir/mapping/summary.js';
import { isAdvanceDirective, toAdvanceDirective, toCareTeam, toDevice, toDeviceUse } from '../fhir/mapping/care.js';
import { isReportDocument, toReportDocument } from '../fhir/mapping/documents.js';
import { securityOf, toCoded } from '../fhir/mapping/common.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

/** LOINC section codes of the IPS (and C-CDA, which uses the same codes) → our sections. */
export const SECTION_CODES: Record<string, SummarySectionKey> = {
  '11450-4': 'problems',
  '11348-0': 'problems', // history of past illness: resolved problems, hidden by default
  '48765-2': 'allergies',
  '10160-0': 'medications',
  '11369-6': 'immunizations',
  '60484-3': 'immunizations', // "immunization note", used by some national IPS variants
  '30954-2': 'results',
  '8716-3': 'vitals',
  '29762-2': 'socialHistory',
  '47519-4': 'procedures',
  '46240-8': 'encounters',
  '18776-5': 'carePlan',
  '61146-7': 'goals',
  '47420-5': 'problems', // functional status: its conditions (impaired mobility, walking aid use)
  '10162-6': 'socialHistory', // history of pregnancies: pregnancy status and outcome observations
  '46264-8': 'devices', // medical devices (IPS) / medical equipment (C-CDA)
  '42348-3': 'advanceDirectives',
};

const LOINC = 'http://loinc.org';
const SECONDARY_CODES = new Set(['11348-0', '60484-3', '47420-5', '10162-6']);
const KEY_CODES = Object.fromEntries(
  Object.entries(SECTION_CODES)
    .filter(([code]) => !SECONDARY_CODES.has(code))
    .map(([code, key]) => [key, code]),
) as Partial<Record<SummarySectionKey, string>>;

function isResource(value: unknown): value is Resource {
  return !!value && typeof value === 'object' && typeof (value as Resource).resourceType === 'string';
}

/**
 * Maps one resource found in a section to an entry, and says which section it goes in:
 * the document's section when the resource fits it, else the resource's own section
 * (an Observation listed under functional status is a result, not a problem).
 */
function entryFor(key: SummarySectionKey, resource: Json, resolve: Resolver, index: number): { key: SummarySectionKey; entry: unknown } | undefined {
  const natural = sectionOfResource(resource);
  if (!natural) return undefined;
  const fits = natural === key || (['results', 'vitals', 'socialHistory'].includes(key) && resource.resourceType === 'Observation');
  const entry = mapResource(resource, resolve, index);
  return entry ? { key: fits ? key : natural, entry } : undefined;
}

function mapResource(resource: Json, resolve: Resolver, index: number): unknown {
  switch (resource.resourceType) {
    case 'Condition':
      return toProblem(resource, index);
    case 'AllergyIntolerance':
      return toAllergy(resource, index);
    case 'MedicationStatement':
      return toMedicationStatement(resource, resolve, index);
    case 'MedicationRequest':
      return toMedicationRequest(resource, resolve, index);
    case 'Immunization':
      return toImmunization(resource, index);
    case 'Observation':
      return toObservation(resource, index);
    case 'DiagnosticReport':
      // a report as written (a consult note) is a document; one with a conclusion only, a result
      return toReportDocument(resource, index) ?? toReportResult(resource, index);
    case 'Procedure':
      return toProcedure(resource, index);
    case 'Encounter':
      return toEncounter(resource, resolve, index);
    case 'CarePlan':
      return toCarePlan(resource, index);
    case 'Goal':
      return toGoal(resource, index);
    case 'DocumentReference':
      return toDocument(resource, index);
    case 'CareTeam':
      return toCareTeam(resource, resolve, index);
    case 'Device':
      return toDevice(resource, index);
    case 'DeviceUseStatement':
      return toDeviceUse(resource, resolve, index);
    case 'Consent':
      return toAdvanceDirective(resource, index);
    default:
      return undefined;
  }
}

/** An IPS Bundle (document, or a searchset with a Composition) as a clinical summary. */
export function summaryFromIps(bundle: unknown): ClinicalSummary {
  const entries = Array.isArray((bundle as Bundle | undefined)?.entry) ? (bundle as Bundle).entry! : [];
  const resources = entries.map((entry) => entry?.resource).filter(isResource);
  const fullUrls = new Map<string, Resource>();
  for (const entry of entries) if (typeof entry?.fullUrl === 'string' && isResource(entry.resource)) fullUrls.set(entry.fullUrl, entry.resource);
  const resolve = resolverFor(resources, fullUrls);
  const patientResource = resources.find((r) => r.resourceType === 'Patient');
  const patient = patientResource
    ? toPatientDemographics(patientResource as never, resources.filter((r) => r.resourceType === 'AllergyIntolerance') as never)
    : undefined;
  const composition = resources.find((r) => r.resourceType === 'Composition') as Json | undefined;
  // what the document says of all its records: their words' language, its security labels
  const document = documentLabels((bundle ?? {}) as Json, composition);
  if (!composition) {
    // not a document: show whatever summary resources the Bundle holds
    return { ...summaryFromResources(resources, { source: 'ips', resolve, document }), patient };
  }
  // each entry carries its resource's labels and language with the document's, and a panel's
  // result those of its panel too (an HIV-labelled report's results are as sensitive as it is)
  const labelled = <T>(entry: T, resource: Json, panel?: Json): T =>
    Object.assign(entry as object, recordLabels(resource, panel ? { ...document, security: [...(document.security ?? []), ...(securityOf(panel).security ?? [])] } : document)) as T;

  type Collected = { entries: unknown[]; narratives: NarrativePart[]; none: boolean };
  const collected = new Map<SummarySectionKey, Collected>();
  const bucketOf = (key: SummarySectionKey): Collected => {
    const bucket = collected.get(key) ?? { entries: [], narratives: [], none: false };
    collected.set(key, bucket);
    return bucket;
  };
  const sections = Array.isArray(composition.section) ? (composition.section as Json[]) : [];
  sections.forEach((section, sectionIndex) => {
    if (!section || typeof section !== 'object') return;
    const codes: string[] = (Array.isArray(section.code?.coding) ? section.code.coding : []).map((c: Json) => c?.code);
    const key = codes.map((code) => SECTION_CODES[code]).find(Boolean);
    if (!key) return;
    const bucket = bucketOf(key);
    // what the section adds, in its own bucket or another, so its narrative gets their labels
    const before = new Map([...collected].map(([k, b]) => [k, b.entries.length]));
    const referenced: Coding[] = [];
    const reason: string[] = (Array.isArray(section.emptyReason?.coding) ? section.emptyReason.coding : []).map((c: Json) => c?.code);
    if (reason.includes('nilknown')) bucket.none = true;
    const refs = Array.isArray(section.entry) ? (section.entry as Json[]) : [];
    refs.forEach((ref, refIndex) => {
      const resource = resolve(ref) as Json | undefined;
      if (!resource) return;
      referenced.push(...(securityOf(resource).security ?? []));
      const index = sectionIndex * 10_000 + refIndex;
      if (resource.resourceType === 'DiagnosticReport' && Array.isArray(resource.result) && resource.result.length) {
        // a panel: show its result Observations (the report itself when none can be found)
        const results = (resource.result as Json[]).map((r) => resolve(r)).filter(isResource);
        if (results.length) {
          // each result is headed by its panel's own name
          const panel = toCoded(resource.code as CodeableConcept | undefined);
          results.forEach((result, i) => bucket.entries.push(labelled({ ...toObservation(result, index * 100 + i), panel }, result, resource)));
          // a report that is also written out (its presentedForm) is a note too, as over live FHIR
          const written = toReportDocument(resource, index);
          if (written) bucketOf('documents').entries.push(labelled(written, resource));
          return;
        }
      }
      // a panel Observation (hasMember, no value of its own): its members are the results
      const members = panelMembers(resource, resolve);
      if (members.length) {
        members.forEach(({ member, panel }, i) => {
          const found = entryFor(key, member, resolve, index * 100 + i);
          if (found) bucketOf(found.key).entries.push(labelled({ ...(found.entry as object), panel }, member, resource));
        });
        return;
      }
      const mapped = entryFor(key, resource, resolve, index);
      if (!mapped) return;
      bucketOf(mapped.key).entries.push(labelled(mapped.entry, resource));
    });
    if (typeof section.text?.div === 'string' && section.text.div) {
      // the section's text tells what its entries record: it carries the document's labels and
      // theirs, so a text-only section of a restricted document is withheld like its records
      const added = [...collected].flatMap(([k, b]) => b.entries.slice(before.get(k) ?? 0) as { security?: Coding[] }[]);
      const security = uniqueLabels([...(document.security ?? []), ...referenced, ...added.flatMap((entry) => entry.security ?? [])]);
      bucket.narratives.push({ html: section.text.div, security });
    }
  });

  const out: ClinicalSummary['sections'] = {};
  for (const [key, bucket] of collected) {
    const seen = new Set<string>();
    const unique = bucket.entries.filter((entry) => {
      const id = (entry as { id: string }).id;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    (out as Json)[key] = sectionOf(key, unique as SummaryEntryMap[typeof key][], {
      narrative: bucket.narratives.map((part) => part.html).join('\n') || undefined,
      narrativeParts: bucket.narratives,
      emptyReason: bucket.none ? 'none' : undefined,
    }) as SummarySection<typeof key>;
  }
  return {
    source: 'ips',
    generated: typeof composition.date === 'string' ? composition.date : undefined,
    patient,
    sections: out,
  };
}

/** Labels without repeats (same system and code). */
function uniqueLabels(labels: Coding[]): Coding[] {
  const seen = new Set<string>();
  return labels.filter((label) => {
    const key = `${label.system ?? ''}|${label.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Which section a resource belongs in, for building a document from search results. */
function sectionOfResource(resource: Json): SummarySectionKey | undefined {
  switch (resource.resourceType) {
    case 'Condition':
      return 'problems';
    case 'AllergyIntolerance':
      return 'allergies';
    case 'MedicationRequest':
    case 'MedicationStatement':
      return 'medications';
    case 'Immunization':
      return 'immunizations';
    case 'Observation':
      return observationSection(resource);
    case 'DiagnosticReport':
      return isReportDocument(resource) ? 'documents' : 'results';
    case 'Procedure':
      return 'procedures';
    case 'Encounter':
      return 'encounters';
    case 'CarePlan':
      return 'carePlan';
    case 'Goal':
      return 'goals';
    case 'DocumentReference':
      return 'documents';
    case 'CareTeam':
      return 'careTeam';
    case 'Device':
    case 'DeviceUseStatement':
      return 'devices';
    case 'Consent':
      return isAdvanceDirective(resource) ? 'advanceDirectives' : undefined;
    default:
      return undefined;
  }
}

const SECTION_TITLES: Partial<Record<SummarySectionKey, string>> = {
  problems: 'Problem list',
  allergies: 'Allergies and intolerances',
  medications: 'Medication summary',
  immunizations: 'Immunizations',
  results: 'Results',
  vitals: 'Vital signs',
  socialHistory: 'Social history',
  procedures: 'History of procedures',
  encounters: 'Encounters',
  carePlan: 'Plan of care',
  goals: 'Goals',
  devices: 'Medical devices',
  advanceDirectives: 'Advance directives',
};

/**
 * An IPS-shaped document Bundle (Composition first) from a patient's resources, for
 * download or transmission when the server has no `$summary`. Every resource is kept
 * as read; sections list the entries that belong to them; empty sections carry an
 * `emptyReason` of "no information" (`unavailable`).
 */
export function ipsFromResources(patient: Resource, resources: readonly Resource[], now: Date, id: string): Bundle {
  const urls = new Map<Resource, string>();
  const all = [patient, ...resources.filter((r) => r !== patient)];
  all.forEach((resource, index) => urls.set(resource, `urn:uuid:${id}-${index}`));
  const bySection = new Map<SummarySectionKey, Resource[]>();
  // a Device its DeviceUseStatement points to is listed through the statement only
  const resolve = resolverFor(resources);
  const usedDevices = new Set(resources.filter((r) => r.resourceType === 'DeviceUseStatement').map((r) => resolve((r as Json).device)));
  for (const resource of resources) {
    if (resource.resourceType === 'Device' && (usedDevices.has(resource) || !(resource as Json).patient)) continue;
    const key = sectionOfResource(resource as Json);
    if (!key || !KEY_CODES[key]) continue;
    bySection.set(key, [...(bySection.get(key) ?? []), resource]);
  }
  const composition: Json = {
    resourceType: 'Composition',
    id: `${id}-composition`,
    status: 'final',
    type: { coding: [{ system: LOINC, code: '60591-5', display: 'Patient summary Document' }] },
    subject: { reference: urls.get(patient) },
    date: now.toISOString(),
    author: [{ display: 'ehr-engage' }],
    title: 'International Patient Summary',
    section: (Object.keys(KEY_CODES) as SummarySectionKey[]).map((key) => {
      const members = bySection.get(key) ?? [];
      return {
        title: SECTION_TITLES[key],
        code: { coding: [{ system: LOINC, code: KEY_CODES[key] }] },
        ...(members.length
          ? { entry: members.map((m) => ({ reference: urls.get(m) })) }
          : {
              emptyReason: {
                coding: [{ system: 'http://terminology.hl7.org/CodeSystem/list-empty-reason', code: 'unavailable' }],
              },
            }),
      };
    }),
  };
  return {
    resourceType: 'Bundle',
    id,
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${id}` },
    type: 'document',
    timestamp: now.toISOString(),
    entry: [
      { fullUrl: `urn:uuid:${composition.id}`, resource: composition as Resource },
      ...all.map((resource) => ({ fullUrl: urls.get(resource), resource })),
    ],
  };
}
