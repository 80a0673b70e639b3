import { EngageError, isEngageError } from '../../core/errors.js';
import type { DateValue, ImmunizationForecast, ImmunizationPort, ImmunizationRecord, ReadOptions, RecordRef } from '../ports.js';
import { PageGuard, type BatchResult, type FhirClient } from './client.js';
import type { Bundle, BundleEntry, Resource } from './fhir-types.js';
import { offersOperation } from './capability.js';
import { arrayOf, objectOf, resourceOf } from './guards.js';
import { idOf } from './refs.js';
import { filterRefused, securityNot } from './security-filter.js';

/* The mapping loads on first use, so pages that never show immunizations do not download it with the adapter. */
const mapping = () => import('./mapping/immunization.js');

const PAGE = 500;

/** Whether a CapabilityStatement offers the ImmDS forecast operation (system level or on Patient). */
function offersImmdsForecast(capability: unknown): boolean {
  return offersOperation(capability, (name, definition) => name === 'immds-forecast' || /ImmDSForecast|immds-forecast/i.test(definition));
}

/**
 * Immunizations over FHIR. `getRecord` reads the Patient and the first page of
 * `Immunization?patient=` in one `batch` round trip, then follows `next` links.
 * `getForecast` reads the patient's newest `ImmunizationRecommendation`; when there is
 * none and the server's CapabilityStatement offers `$immds-forecast` (HL7 Immunization
 * Decision Support Forecast IG), it posts the patient and their immunizations to it;
 * otherwise it resolves `undefined` and the element uses the library's CDSi engine.
 */
export class FhirImmunizationPort implements ImmunizationPort {
  private forecastOperation?: Promise<boolean>;

  constructor(
    private readonly client: FhirClient,
    private readonly options: {
      /** Resources per search page (`_count`); default 500. */
      pageSize?: number;
    } = {},
  ) {}

  /**
   * The Patient and every Immunization resource of the patient (raw), one batch then
   * paging; withheld labels are left out on the server where it can (`./security-filter.ts`).
   */
  private async read(id: string, options: ReadOptions): Promise<{ patient: Resource; immunizations: Resource[] }> {
    const { signal } = options;
    const patientRef = `Patient/${encodeURIComponent(id)}`;
    const filter = securityNot(this.client, options);
    const requests = [
      { method: 'GET', url: patientRef },
      { method: 'GET', url: `Immunization?patient=${patientRef}&_count=${this.options.pageSize ?? PAGE}${filter}` },
    ];
    let results: BatchResult[];
    try {
      // shared: the immunizations element and the reminders' vaccine items read the same record on one page
      results = await this.client.batch(requests, { signal, shared: true });
    } catch (error) {
      if (filterRefused(this.client, filter, { error })) return this.read(id, options);
      throw error;
    }
    if (filterRefused(this.client, filter, { results: results.slice(1) })) return this.read(id, options);
    const [patientResult, searchResult] = results;
    if (!patientResult?.ok) throw patientResult?.error ?? new EngageError('server', 'Empty batch answer.');
    const patient = resourceOf(patientResult.resource, 'Patient');
    if (!patient) throw new EngageError('server', 'The batch did not return a Patient.');
    if (!searchResult?.ok) throw searchResult?.error ?? new EngageError('server', 'No answer for the Immunization search.');
    let page = resourceOf<Bundle>(searchResult.resource, 'Bundle');
    if (!page) throw new EngageError('server', 'The Immunization search did not answer with a Bundle.');
    const immunizations: Resource[] = [];
    const guard = new PageGuard();
    while (page) {
      for (const entry of arrayOf<BundleEntry>(page.entry)) {
        const resource = resourceOf(entry.resource, 'Immunization');
        if (resource && objectOf<{ mode?: unknown }>(entry.search)?.mode !== 'include') immunizations.push(resource);
      }
      page = await this.client.nextPage(page, { signal, guard });
    }
    return { patient, immunizations };
  }

  async getRecord(patient: RecordRef, options: ReadOptions = {}): Promise<ImmunizationRecord> {
    const id = idOf(patient, 'Patient');
    const [{ patient: resource, immunizations }, { recordFromResources, toImmunizationPatient }] = await Promise.all([this.read(id, options), mapping()]);
    return recordFromResources(toImmunizationPatient(`Patient/${id}`, resource), immunizations, new Date().toISOString());
  }

  /**
   * Whether the server advertises `$immds-forecast`, from the client's one CapabilityStatement
   * (the summary asks it too: a page with both reads it once, #20). A failed ask means "not
   * offered" this time and is asked again next time.
   */
  private offersForecast(): Promise<boolean> {
    this.forecastOperation ??= this.client.capabilityStatement().then(offersImmdsForecast, () => {
      this.forecastOperation = undefined;
      return false;
    });
    return this.forecastOperation;
  }

  async getForecast(patient: RecordRef, asOf: DateValue, options: ReadOptions = {}): Promise<ImmunizationForecast | undefined> {
    const id = idOf(patient, 'Patient');
    // toQuery encodes the value itself
    // shared, as the record is: both asked by every element that shows vaccines
    const { resources } = await this.client.searchAll('ImmunizationRecommendation', { patient: `Patient/${id}`, _count: 100 }, { signal: options.signal, maxResults: 1_000, shared: true });
    const { forecastFromRecommendation, newestRecommendation } = await mapping();
    const newest = newestRecommendation(resources);
    if (newest) return forecastFromRecommendation(newest, asOf, 'server');
    if (!(await this.offersForecast())) return undefined;
    return this.operationForecast(id, asOf, options.signal);
  }

  /** The `$immds-forecast` answer for the patient's record as of `asOf`. */
  private async operationForecast(id: string, asOf: DateValue, signal?: AbortSignal): Promise<ImmunizationForecast | undefined> {
    const [{ patient, immunizations }, { forecastFromRecommendation, isVaccinationEvent }] = await Promise.all([this.read(id, { signal }), mapping()]);
    const parameters = {
      resourceType: 'Parameters',
      parameter: [
        { name: 'assessmentDate', valueDate: asOf },
        { name: 'patient', resource: patient },
        // a record entered in error, or one that only says none is known, is no vaccination:
        // never sent for the forecaster to count
        ...immunizations.filter(isVaccinationEvent).map((resource) => ({ name: 'immunization', resource })),
      ],
    };
    try {
      // a forecast changes nothing on the server: safe to repeat after a lost answer
      const { body } = await this.client.request<Resource>('POST', '$immds-forecast', { body: parameters, signal, idempotent: true });
      const out = arrayOf<{ name?: unknown; resource?: unknown }>(objectOf(body)?.parameter);
      const recommendation = out.find((p) => p.name === 'recommendation' && resourceOf(p.resource, 'ImmunizationRecommendation'))?.resource;
      const evaluations = out.filter((p) => p.name === 'evaluation').map((p) => p.resource);
      return forecastFromRecommendation(recommendation, asOf, 'immds-forecast', evaluations);
    } catch (error) {
      // the server advertised the operation but turns it down: no server forecast, not a failure
      if (isEngageError(error) && (error.status === 404 || error.status === 501)) {
        this.forecastOperation = Promise.resolve(false);
        return undefined;
      }
      throw error;
    }
  }
}
