/**
 * FHIR R4 resources → clinical-summary entries and sections. Pure functions with no I/O,
 * shared by the FHIR summary port (live searches) and the IPS mapping
 * (`src/adapters/ips/ips.ts`, which the element loads on demand for a Bundle given as a
 * property). Tolerant: any field may be missing or of the wrong type, nothing throws;
 * what cannot be read is left `undefined` and shows as "unknown".
 *
 * This module assembles the sections; the mappers live beside it, one module per concern
 * (`summary-entries.ts`, `summary-medications.ts`, `summary-observations.ts`, the section
 * rule in `summary-sections.ts`, the shared field readers in `summary-fields.ts`), and are
 * re-exported here so importers keep one path.
 */
import type { ClinicalSummary, CodedValue, SummaryEntryMap, SummarySectionKey } from '../../ports.js';
import type { Resource } from '../fhir-types.js';
import { emptyReasonOf } from '../../negation.js';
import { deviceKey, isAdvanceDirective, isDirectiveDocument, toAdvanceDirective, toCareTeam, toDevice, toDeviceUse, toDirectiveDocument } from './care.js';
import { assignPanels, markReplaced, toDocument, toReportDocument } from './documents.js';
import { arr, coded, obj, recordLabels, resolverFor, str, type DocumentLabels, type Json, type Resolver } from './summary-fields.js';
import { toMedicationRequest, toMedicationStatement } from './summary-medications.js';
import { observationSection, panelMembers, toObservation, toReportResult } from './summary-observations.js';
import { toAllergy, toCarePlan, toEncounter, toGoal, toImmunization, toProblem, toProcedure } from './summary-entries.js';
import { sectionOf } from './summary-sections.js';

export { absence } from '../../negation.js';
export { isReportDocument, toDocument, toReportDocument } from './documents.js';
export { documentLabels, recordLabels, resolverFor, type Resolver } from './summary-fields.js';
export { toMedicationRequest, toMedicationStatement } from './summary-medications.js';
export { interpretationOf, observationSection, panelMembers, toObservation, toReportResult } from './summary-observations.js';
export { toAllergy, toCarePlan, toEncounter, toGoal, toImmunization, toProblem, toProcedure } from './summary-entries.js';
export { sectionOf } from './summary-sections.js';

/** `List.code`s (LOINC section codes and the FHIR example list codes) → section. */
const LIST_CODES: Record<string, SummarySectionKey> = {
  '11450-4': 'problems', '48765-2': 'allergies', '10160-0': 'medications', '11369-6': 'immunizations', '47519-4': 'procedures',
  problems: 'problems', allergies: 'allergies', medications: 'medications',
};

/**
 * Maps a patient's resources (of any of the summary types, in any order) into sections.
 * `failed` names sections whose query failed; `truncated` those cut short by a cap.
 * `wanted` limits which sections are built.
 */
export function summaryFromResources(
  resources: readonly Resource[],
  options: {
    source?: ClinicalSummary['source'];
    wanted?: readonly SummarySectionKey[];
    failed?: Partial<Record<SummarySectionKey, { code: string; message: string }>>;
    truncated?: ReadonlySet<SummarySectionKey>;
    generated?: string;
    resolve?: Resolver;
    /** What the document the resources came in says of them all (`documentLabels`), when any. */
    document?: DocumentLabels;
  } = {},
): ClinicalSummary {
  const resolve = options.resolve ?? resolverFor(resources);
  const lists: { [K in SummarySectionKey]: SummaryEntryMap[K][] } = {
    problems: [], allergies: [], medications: [], immunizations: [], results: [], vitals: [],
    socialHistory: [], procedures: [], encounters: [], carePlan: [], goals: [], careTeam: [], devices: [], advanceDirectives: [], documents: [],
  };
  const emptyReasons: Partial<Record<SummarySectionKey, 'none' | 'unknown'>> = {};
  // a Device its DeviceUseStatement points to is shown once, through the statement
  const devices: { key: string; entry: SummaryEntryMap['devices'] }[] = [];
  const usedDevices = new Set<string>();
  const lastFilled = new Map<string, string>();
  const seenObservations = new Set<string>();
  const memberPanels = new Map<string, CodedValue>();
  const keys = Object.keys(lists) as SummarySectionKey[];
  resources.forEach((resource, index) => {
    if (!resource || typeof resource !== 'object') return;
    const r = resource as Json;
    // every entry this resource adds carries its security labels and the language of its words
    const labels = recordLabels(r, options.document);
    if (labels.security || labels.language) {
      const before = keys.map((key) => lists[key].length);
      const devicesBefore = devices.length;
      mapResource(r, index);
      keys.forEach((key, i) => lists[key].slice(before[i]).forEach((entry) => Object.assign(entry, labels)));
      devices.slice(devicesBefore).forEach((device) => Object.assign(device.entry, labels));
    } else mapResource(r, index);
  });
  function mapResource(r: Json, index: number): void {
    switch (r.resourceType) {
      case 'Condition':
        lists.problems.push(toProblem(r, index));
        break;
      case 'AllergyIntolerance':
        lists.allergies.push(toAllergy(r, index));
        break;
      case 'MedicationRequest':
        lists.medications.push(toMedicationRequest(r, resolve, index));
        break;
      case 'MedicationStatement':
        lists.medications.push(toMedicationStatement(r, resolve, index));
        break;
      case 'MedicationDispense': {
        const when = str(r.whenHandedOver) ?? str(r.whenPrepared);
        for (const prescription of arr(r.authorizingPrescription)) {
          const ref = str(prescription.reference);
          if (ref && when && (!lastFilled.has(ref) || lastFilled.get(ref)! < when)) lastFilled.set(ref, when);
        }
        break;
      }
      case 'Immunization':
        lists.immunizations.push(toImmunization(r, index));
        break;
      case 'Observation': {
        // a panel (hasMember, no value of its own) is shown through its members, found among
        // these resources too: each is headed by the panel's name, never a "no value" row
        const members = panelMembers(r, resolve);
        if (members.length) {
          for (const { member, panel } of members) memberPanels.set(`Observation/${member.id}`, panel);
          break;
        }
        const entry = toObservation(r, index);
        if (seenObservations.has(entry.id)) break;
        seenObservations.add(entry.id);
        lists[observationSection(r)].push(entry);
        break;
      }
      case 'DiagnosticReport': {
        // a report as written (a consult note) is a document, never a result without a value;
        // reports with result Observations are shown through those Observations
        const written = toReportDocument(r, index);
        if (written) lists.documents.push(written);
        else if (arr(r.result).length === 0) lists.results.push(toReportResult(r, index));
        break;
      }
      case 'Procedure':
        lists.procedures.push(toProcedure(r, index));
        break;
      case 'Encounter':
        lists.encounters.push(toEncounter(r, resolve, index));
        break;
      case 'CarePlan':
        lists.carePlan.push(toCarePlan(r, index));
        break;
      case 'Goal':
        lists.goals.push(toGoal(r, index));
        break;
      case 'DocumentReference': {
        const document = toDocument(r, index);
        lists.documents.push(document);
        // a living will is an advance directive as well as a note: the section must not say none is recorded
        if (isDirectiveDocument(r)) lists.advanceDirectives.push(toDirectiveDocument(r, document));
        break;
      }
      case 'List': {
        // an empty List with a reason ("nil known") says the section is none known or not recorded
        const key = LIST_CODES[coded(r.code).codings.find((c) => c.code && LIST_CODES[c.code])?.code ?? ''];
        const reason = arr(r.entry).length ? undefined : emptyReasonOf(r.emptyReason);
        if (key && reason && emptyReasons[key] !== 'none') emptyReasons[key] = reason;
        break;
      }
      case 'CareTeam':
        lists.careTeam.push(toCareTeam(r, resolve, index));
        break;
      case 'Device':
        // only the patient's own devices: not the software that wrote the document
        if (obj(r.patient)) devices.push({ key: `Device/${r.id}`, entry: toDevice(r, index) });
        break;
      case 'Consent':
        if (isAdvanceDirective(r)) lists.advanceDirectives.push(toAdvanceDirective(r, index));
        break;
      case 'DeviceUseStatement': {
        const used = deviceKey(r.device, resolve);
        if (used) usedDevices.add(used);
        lists.devices.push(toDeviceUse(r, resolve, index));
        break;
      }
    }
  }
  for (const device of devices) if (!usedDevices.has(device.key)) lists.devices.push(device.entry);
  markReplaced(lists.documents, resources, resolve);
  assignPanels(lists.results, resources, resolve);
  for (const result of [...lists.results, ...lists.vitals, ...lists.socialHistory]) {
    const panel = memberPanels.get(result.id);
    if (panel && !result.panel) result.panel = panel;
  }
  for (const medication of lists.medications) {
    const filled = lastFilled.get(medication.id);
    if (filled) medication.lastFilled = filled;
  }
  const sections: ClinicalSummary['sections'] = {};
  for (const key of options.wanted ?? (Object.keys(lists) as SummarySectionKey[])) {
    const failure = options.failed?.[key];
    (sections as Json)[key] = failure
      ? { state: 'error', error: failure }
      : sectionOf(key, lists[key] as never, { truncated: options.truncated?.has(key), emptyReason: emptyReasons[key] });
  }
  return { source: options.source ?? 'live', generated: options.generated, sections };
}
