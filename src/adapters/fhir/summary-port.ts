import { EngageError, isEngageError, toEngageError } from '../../core/errors.js';
import { anySignal, randomUUID } from '../../core/compat.js';
import { onFirstUse } from '../../core/on-first-use.js';
import type {
  ClinicalSummary,
  DocumentContent,
  ReadOptions,
  RecordRef,
  SummaryPort,
  SummarySectionKey,
  WriteOptions,
} from '../ports.js';
import { SUMMARY_SECTIONS } from '../ports.js';
import { PageGuard, type BatchResult, type FhirClient } from './client.js';
import { offersOperation } from './capability.js';
import type { Bundle, BundleEntry, Patient, Resource } from './fhir-types.js';
import { arrayOf, nextLinkOf, objectOf, resourceOf, stringOf } from './guards.js';
import { toPatientDemographics } from './mapping/patient.js';
import { idOf } from './refs.js';
import { filterRefused, securityNot } from './security-filter.js';

/*
 * The mappings load on first use, so pages that never show a summary do not download
 * them with the adapter.
 */
const resourceMapping = () => import('./mapping/summary.js');
/* The IPS mapping only where a `$summary` document is read or a document is built. */
const ipsMapping = () => import('../ips/ips.js');
/* The send's write, on the first send; a failed load is a network failure (nothing was sent). */
const transmitWrite = onFirstUse(() => import('./summary-transmit-write.js'));

/** One search of the fallback: the sections it feeds and whether its failure fails them. */
interface Query {
  type: string;
  params: string;
  sections: SummarySectionKey[];
  /** A supplemental query (dispenses, reports): its failure leaves its sections shown. */
  optional?: boolean;
  /** Most resources to read, following pages; the rest is cut off and flagged truncated. */
  cap: number;
  /** Page size when not `PAGE`. */
  count?: number;
}

const PAGE = 500;

const QUERIES: Query[] = [
  { type: 'Condition', params: '', sections: ['problems'], cap: 2000 },
  { type: 'AllergyIntolerance', params: '', sections: ['allergies'], cap: 1000 },
  {
    type: 'MedicationRequest',
    params: '&_include=MedicationRequest:medication&_include=MedicationRequest:requester',
    sections: ['medications'],
    cap: 2000,
  },
  { type: 'MedicationStatement', params: '&_include=MedicationStatement:medication', sections: ['medications'], cap: 2000 },
  { type: 'MedicationDispense', params: '', sections: ['medications'], optional: true, cap: 2000 },
  { type: 'Immunization', params: '', sections: ['immunizations'], cap: 1000 },
  // a long history holds most of its resources here (869 for the largest Synthea patient):
  // one larger page spares it a second, sequential round trip (issue 20); a server that
  // caps `_count` lower answers with a next link, followed as before
  { type: 'Observation', params: '&_sort=-date', sections: ['results', 'vitals', 'socialHistory'], cap: 5000, count: 1000 },
  { type: 'DiagnosticReport', params: '&_sort=-date', sections: ['results'], optional: true, cap: 1000 },
  { type: 'Procedure', params: '', sections: ['procedures'], cap: 2000 },
  { type: 'Encounter', params: '&_sort=-date', sections: ['encounters'], cap: 1000 },
  { type: 'CarePlan', params: '', sections: ['carePlan'], cap: 500 },
  { type: 'Goal', params: '', sections: ['goals'], cap: 500 },
  // an advance directive may be kept as a document (a US Core living will)
  { type: 'DocumentReference', params: '&_sort=-date', sections: ['documents', 'advanceDirectives'], cap: 500 },
  { type: 'CareTeam', params: '&_include=CareTeam:participant', sections: ['careTeam'], cap: 200 },
  { type: 'Device', params: '', sections: ['devices'], cap: 500 },
  { type: 'DeviceUseStatement', params: '&_include=DeviceUseStatement:device', sections: ['devices'], cap: 500 },
  { type: 'Consent', params: '', sections: ['advanceDirectives'], cap: 200 },
];

/** What the searches found: the Patient, the resources, and the sections that failed or were cut off. */
interface Collected {
  patient: Patient;
  resources: Resource[];
  failed: Partial<Record<SummarySectionKey, { code: string; message: string }>>;
  truncated: Set<SummarySectionKey>;
}

/** Whether a CapabilityStatement offers `$summary` (on the server or on Patient). */
function offersPatientSummary(statement: unknown): boolean {
  return offersOperation(statement, (name, definition) => name === 'summary' || /\/OperationDefinition\/.*summary$/i.test(definition));
}

/** Options of the FHIR summary port. */
export interface FhirSummaryOptions {
  /** Resources per search page (`_count`); default 500. */
  pageSize?: number;
  /** Most resources of one type to read, overriding the per-type caps (5 000 observations, …). */
  maxPerType?: number;
}

/**
 * The clinical summary over FHIR. Uses `Patient/$summary` (an IPS document) when the
 * server's CapabilityStatement offers it; otherwise, or when the operation answers
 * 404 / 501, one `batch` round trip searches every summary resource type, then follows
 * each search's `next` links to the end, capped per type for huge histories. A failed
 * search fails only the sections it feeds.
 */
export class FhirSummaryPort implements SummaryPort {
  private summaryOperation?: Promise<boolean>;
  /** What `summaryOperation` answered, once it has. */
  private offers?: boolean;

  constructor(
    private readonly client: FhirClient,
    private readonly options: FhirSummaryOptions = {},
  ) {}

  /**
   * Whether the server advertises `$summary` on Patient, from the client's
   * CapabilityStatement (asked once per client); a failed ask counts as "no" this time.
   */
  private offersSummary(): Promise<boolean> {
    this.summaryOperation ??= this.client.capabilityStatement().then(
      (statement) => (this.offers = offersPatientSummary(statement)),
      () => {
        this.summaryOperation = undefined;
        return false;
      },
    );
    return this.summaryOperation;
  }

  /**
   * The `$summary` document, or the searches' results when there is none. While the
   * server's capabilities are unknown (the first summary on this client) the searches
   * start together with the question, not after it: a server without `$summary` costs no
   * extra round trip, and on one with it the searches are cancelled.
   */
  private async read(id: string, wanted: readonly SummarySectionKey[], options: ReadOptions) {
    const { signal } = options;
    if (this.offers === false) return { collected: await this.collect(id, wanted, options) };
    if (this.offers === true) {
      const document = await this.summaryDocument(id, signal);
      return document ? { document } : { collected: await this.collect(id, wanted, options) };
    }
    const searches = new AbortController();
    const collecting = this.collect(id, wanted, { ...options, signal: signal ? anySignal([signal, searches.signal]) : searches.signal });
    collecting.catch(() => undefined); // awaited below, or cancelled
    let document: Bundle | undefined;
    try {
      document = (await this.offersSummary()) ? await this.summaryDocument(id, signal) : undefined;
    } catch (error) {
      searches.abort();
      throw error;
    }
    if (!document) return { collected: await collecting };
    searches.abort();
    return { document };
  }

  /** The `$summary` document, or undefined when the server turns the operation down. */
  private async summaryDocument(id: string, signal?: AbortSignal): Promise<Bundle | undefined> {
    if (!(await this.offersSummary())) return undefined;
    try {
      const { body } = await this.client.request<Bundle>('GET', `Patient/${encodeURIComponent(id)}/$summary`, { signal });
      return body?.resourceType === 'Bundle' ? body : undefined;
    } catch (error) {
      if (isEngageError(error) && (error.status === 404 || error.status === 501 || error.status === 400)) {
        this.summaryOperation = Promise.resolve(false);
        this.offers = false;
        return undefined;
      }
      throw error;
    }
  }

  /**
   * Runs the searches for `wanted` sections: one batch, then paging. Withheld labels
   * (`options.withheldLabels`) are left out on the server where it can (`./security-filter.ts`).
   */
  private async collect(id: string, wanted: readonly SummarySectionKey[], options: ReadOptions): Promise<Collected> {
    const { signal } = options;
    const queries = QUERIES.filter((q) => q.sections.some((s) => wanted.includes(s)));
    const patientRef = `Patient/${encodeURIComponent(id)}`;
    const filter = securityNot(this.client, options);
    const requests = [
      { method: 'GET', url: patientRef },
      ...queries.map((q) => ({
        method: 'GET',
        url: `${q.type}?patient=${patientRef}&_count=${this.options.pageSize ?? q.count ?? PAGE}${q.params}${filter}`,
      })),
    ];
    // a banner on the same page reads the same Patient and allergies, the immunizations element
    // the same immunizations (a short list): those reads are shared; the rest would only keep a
    // large record's raw bundles alive for the page view
    const shared = (url: string) => url === patientRef || url.startsWith('AllergyIntolerance?') || url.startsWith('Immunization?');
    let results: BatchResult[];
    try {
      results = await this.client.batch(requests, { signal, shared });
    } catch (error) {
      if (filterRefused(this.client, filter, { error })) return this.collect(id, wanted, options);
      throw error;
    }
    // a server that does not know `_security:not` refuses the searches: read again without it
    if (filterRefused(this.client, filter, { results: results.slice(1) })) return this.collect(id, wanted, options);
    const [patientResult, ...searchResults] = results;
    if (!patientResult?.ok) throw patientResult?.error ?? new EngageError('server', 'Empty batch answer.');
    const patient = patientResult.resource as Patient | undefined;
    if (patient?.resourceType !== 'Patient') throw new EngageError('server', 'The batch did not return a Patient.');

    const resources: Resource[] = [];
    const failed: Partial<Record<SummarySectionKey, { code: string; message: string }>> = {};
    const truncated = new Set<SummarySectionKey>();
    await Promise.all(
      queries.map(async (query, index) => {
        const result = searchResults[index];
        try {
          if (!result?.ok) throw result?.error ?? new EngageError('server', `No answer for ${query.type}.`);
          let page = resourceOf<Bundle>(result.resource, 'Bundle');
          if (!page) throw new EngageError('server', `The ${query.type} search did not answer with a Bundle.`);
          // one guard for all pages of this search: a paging loop ends in an error, not in endless requests
          const guard = new PageGuard();
          let count = 0;
          while (page) {
            for (const entry of arrayOf<BundleEntry>(page.entry)) {
              const resource = resourceOf(entry.resource);
              if (!resource || objectOf<{ mode?: unknown }>(entry.search)?.mode === 'outcome') continue;
              if (resource.resourceType === query.type) count++;
              resources.push(resource);
            }
            if (count >= (this.options.maxPerType ?? query.cap)) {
              if (nextLinkOf(page)) for (const s of query.sections) truncated.add(s);
              break;
            }
            page = await this.client.nextPage(page, { signal, guard });
          }
        } catch (error) {
          const engage = toEngageError(error);
          if (engage.code === 'aborted') throw engage;
          if (query.optional) return;
          for (const section of query.sections) failed[section] = { code: engage.code, message: engage.message };
        }
      }),
    );
    return { patient, resources, failed, truncated };
  }

  async getSummary(
    patient: RecordRef,
    query: { sections?: readonly SummarySectionKey[] } = {},
    options: ReadOptions = {},
  ): Promise<ClinicalSummary> {
    const id = idOf(patient, 'Patient');
    const wanted = query.sections?.length ? query.sections : SUMMARY_SECTIONS;
    // the mapping loads while the data does
    const mapping = resourceMapping();
    mapping.catch(() => undefined); // awaited below unless the read fails first
    const read = await this.read(id, wanted, options);
    const { document } = read as { document?: Bundle };
    if (document) {
      const { summaryFromIps } = await ipsMapping();
      const summary = summaryFromIps(document);
      const sections: ClinicalSummary['sections'] = {};
      for (const key of wanted) if (summary.sections[key]) (sections as Record<string, unknown>)[key] = summary.sections[key];
      return { ...summary, source: 'live', sections };
    }
    const { patient: resource, resources, failed, truncated } = read.collected!;
    const { summaryFromResources } = await mapping;
    const summary = summaryFromResources(resources, { source: 'live', wanted, failed, truncated, generated: new Date().toISOString() });
    const allergies = failed.allergies ? undefined : resources.filter((r) => r.resourceType === 'AllergyIntolerance');
    return { ...summary, patient: toPatientDemographics(resource, allergies as never) };
  }

  /** The patient's IPS: the server's `$summary`, else one built from the searches. */
  async getDocument(patient: RecordRef, options: ReadOptions = {}): Promise<unknown> {
    const id = idOf(patient, 'Patient');
    const read = await this.read(id, SUMMARY_SECTIONS, options);
    if (read.document) return read.document;
    const { patient: resource, resources, failed } = read.collected!;
    const { ipsFromResources } = await ipsMapping();
    const failure = Object.values(failed)[0];
    if (failure) {
      // an incomplete document must not be sent as if it were the whole record
      throw new EngageError(failure.code as never, `The summary document is incomplete: ${failure.message}`);
    }
    return ipsFromResources(resource, resources, new Date(), randomUUID());
  }

  /**
   * The file a note or report points at (`attachment.url`): a `Binary`, named relative to
   * the server (`Binary/123`) or by an absolute URL on it, read as FHIR JSON with the
   * client's authorization and through its page-view read cache (a file opened twice is
   * fetched once). A URL on another server is refused before anything is sent, so the
   * token never leaves the FHIR server's origin.
   */
  async getAttachment(url: string, options: ReadOptions = {}): Promise<DocumentContent> {
    const answer = await this.client.request<unknown>('GET', url, { shared: true, signal: options.signal });
    const binary = objectOf(answer.body);
    const data = stringOf(binary?.data);
    if (binary?.resourceType !== 'Binary' || data === undefined) {
      throw new EngageError('invalid', `${url} is not a Binary that holds its content.`);
    }
    return { contentType: stringOf(binary.contentType), data };
  }

  /**
   * Records a request to send the document as a `Communication` (payload: the document,
   * recipient and note as given) for the host's back end to deliver. Conditional create
   * on the idempotency key, so a retry never records two. The write loads on the first
   * send (summary-transmit-write.ts): a page that only shows the summary goes without it.
   */
  async transmit(
    patient: RecordRef,
    request: { document: unknown; recipient?: string; note?: string },
    options: WriteOptions,
  ): Promise<{ id: string }> {
    const id = idOf(patient, 'Patient');
    const { transmitSummary } = await transmitWrite();
    return transmitSummary(this.client, id, request, options);
  }
}
