/**
 * FHIR notes and reports → summary entries: a `DocumentReference`, a `DiagnosticReport`
 * whose content is its `presentedForm` (a consult note, a discharge summary: text, not a
 * result value), and the report (panel) each result Observation belongs to. Pure
 * functions, tolerant of any missing or mistyped field; shared by the live summary and
 * the IPS mapping.
 */
import type { CodedValue, DocumentContent, DocumentEntry, ObservationEntry } from '../../ports.js';
import type { Reference, Resource } from '../fhir-types.js';
import { fhirNegation } from '../../negation.js';
import { coded, idOf, obj, str, type Json } from './summary-fields.js';
import { securityOf } from './common.js';

/** The objects of an array (here a mistyped item is dropped, not only a null one). */
const arr = (value: unknown): Json[] =>
  Array.isArray(value) ? value.filter((item) => item !== null && typeof item === 'object') : [];

/** A FHIR Attachment as document content; undefined when it holds neither data nor a link. */
export function toContent(attachment: unknown): DocumentContent | undefined {
  const a = obj(attachment);
  if (!a) return undefined;
  const content: DocumentContent = {
    contentType: str(a.contentType),
    data: str(a.data),
    url: str(a.url),
    title: str(a.title),
  };
  return content.data || content.url ? content : undefined;
}

/** The name of a concept for a title: its text, else its first display. */
const conceptName = (concept: CodedValue | undefined): string | undefined =>
  concept?.text ?? concept?.codings.find((c) => c.display)?.display;

export function toDocument(resource: Json, index = 0): DocumentEntry {
  const attachments = arr(resource.content).map((content) => content.attachment);
  const first = obj(attachments[0]) ?? {};
  const type = obj(resource.type) ? coded(resource.type) : undefined;
  const contents = attachments.map(toContent).filter((c): c is DocumentContent => !!c);
  return {
    id: idOf(resource, `document-${index}`),
    kind: 'note',
    title: str(resource.description) ?? str(first.title) ?? conceptName(type) ?? '',
    type,
    status: str(resource.status),
    enteredInError: resource.status === 'entered-in-error' || undefined,
    negation: fhirNegation(resource),
    superseded: resource.status === 'superseded' || undefined,
    docStatus: str(resource.docStatus),
    date: str(resource.date) ?? str(obj(obj(resource.context)?.period)?.start) ?? str(first.creation),
    contentType: str(first.contentType),
    url: str(first.url),
    ...(contents.length ? { contents } : {}),
  };
}

/**
 * True when a DiagnosticReport is a note rather than a set of values: it carries a
 * `presentedForm` (a consult note) and no result Observations to show instead. A report
 * with both belongs with the results, and its note is shown as well (`toReportDocument`
 * maps it on every route: live resources and IPS documents).
 */
export function isReportDocument(resource: Json): boolean {
  return arr(resource.presentedForm).some((a) => toContent(a)) && arr(resource.result).length === 0;
}

/** A DiagnosticReport's presented form (the report as written) as a document. */
export function toReportDocument(resource: Json, index = 0): DocumentEntry | undefined {
  const contents = arr(resource.presentedForm).map(toContent).filter((c): c is DocumentContent => !!c);
  if (!contents.length) return undefined;
  const type = obj(resource.code) ? coded(resource.code) : undefined;
  return {
    id: idOf(resource, `report-${index}`),
    kind: 'report',
    title: conceptName(type) ?? contents[0]!.title ?? '',
    type,
    status: str(resource.status),
    enteredInError: resource.status === 'entered-in-error' || undefined,
    negation: fhirNegation(resource),
    date: str(resource.effectiveDateTime) ?? str(obj(resource.effectivePeriod)?.start) ?? str(resource.issued),
    contentType: contents[0]!.contentType,
    url: contents[0]!.url,
    contents,
  };
}

/**
 * Marks the documents a newer one replaces (`relatesTo.code = replaces`) as superseded,
 * so an old version says so instead of reading as the current note.
 */
export function markReplaced(
  documents: DocumentEntry[],
  resources: readonly Resource[],
  resolve: (reference: Reference | undefined) => Resource | undefined,
): void {
  const replaced = new Set<string>();
  for (const resource of resources as readonly Json[]) {
    if (resource?.resourceType !== 'DocumentReference') continue;
    for (const relation of arr(resource.relatesTo)) {
      if (relation.code !== 'replaces') continue;
      const target = resolve(obj(relation.target) as Reference | undefined) as Json | undefined;
      const ref = target && str(target.id) ? `DocumentReference/${target.id}` : str(obj(relation.target)?.reference);
      // a document never replaces itself
      if (ref && ref !== `DocumentReference/${resource.id}`) replaced.add(ref);
    }
  }
  for (const document of documents) if (replaced.has(document.id)) document.superseded = true;
}

/**
 * Sets each result's `panel` to the name of the report that lists it (a Lipid panel's
 * LDL), so the element can head a panel's results with the panel's own name; and gives it
 * the report's security labels: an HIV-labelled report's results are as sensitive as it is.
 */
export function assignPanels(
  results: ObservationEntry[],
  resources: readonly Resource[],
  resolve: (reference: Reference | undefined) => Resource | undefined,
): void {
  const reports = new Map<string, Json>();
  for (const resource of resources as readonly Json[]) {
    if (resource?.resourceType !== 'DiagnosticReport') continue;
    for (const result of arr(resource.result)) {
      const target = resolve(result as Reference) as Json | undefined;
      if (target?.resourceType === 'Observation' && str(target.id)) reports.set(`Observation/${target.id}`, resource);
    }
  }
  for (const result of results) {
    const report = reports.get(result.id);
    if (!report) continue;
    if (obj(report.code)) result.panel = coded(report.code);
    const labels = securityOf(report).security;
    if (labels) result.security = [...(result.security ?? []), ...labels];
  }
}
