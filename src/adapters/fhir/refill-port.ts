/**
 * The FHIR refill port: the class, with its reads (prescriptions, pharmacies and the
 * refill requests with their pages) as its own body. The writes live beside it in
 * `./refill/`: the submission (`submit.ts`) and the decisions, cancel and review
 * (`decide.ts`), both through the write protocol.
 */
import { EngageError, isEngageError } from '../../core/errors.js';
import type {
  Page,
  PageRequest,
  Pharmacy,
  Prescription,
  ReadOptions,
  RecordRef,
  RefillDecision,
  RefillPort,
  RefillRequest,
  RefillRequestDraft,
  RefillRequestStatus,
  WriteOptions,
} from '../ports.js';
import type { BatchResult, FhirClient } from './client.js';
import { filterRefused, securityNot } from './security-filter.js';
import type { Bundle, Reference, Resource } from './fhir-types.js';
import {
  PENDING_TASK_STATUSES,
  PHARMACY_TYPE,
  REFILL_CODES,
  TASK_STATUSES,
  indexResources,
  isPrescriptionOrder,
  preferredPharmacyOf,
  refOf,
  toPharmacy,
  toPrescription,
  toRefillRequest,
  type ResourceIndex,
} from './mapping/refill.js';
import { idOf } from './refs.js';
import { PRESCRIBER_INTENTS } from '../negation.js';
import { bundleResources, nextLinkOf, numberOf, resourceOf, stringOf } from './guards.js';
import { withPrescription } from './refill/shared.js';
import { submitRefillRequest } from './refill/submit.js';
import { cancelRefillRequest, reviewRefillRequest } from './refill/decide.js';

export { derivedUuid } from './refill/submit.js';

const TASK_CODES = `${REFILL_CODES}|refill,${REFILL_CODES}|renewal`;
/** A prescriber's authorizations (`order`, `original-order`, `reflex-order`): a comma is "or" in a token search. */
const PRESCRIPTION_INTENTS = PRESCRIBER_INTENTS.join(',');

function resourcesOf(result: BatchResult | undefined): Resource[] {
  if (!result?.ok) throw result?.error ?? new EngageError('server', 'Empty batch answer.');
  return bundleResources(result.resource);
}

/** Medication refill and renewal requests over FHIR (see `mapping/refill.ts` for the model). */
export class FhirRefillPort implements RefillPort {
  constructor(private readonly client: FhirClient) {}

  async listPrescriptions(patient: RecordRef, options: ReadOptions = {}): Promise<Prescription[]> {
    const id = encodeURIComponent(idOf(patient, 'Patient'));
    // withheld labels are left out on the server where it can (./security-filter.ts)
    const filter = securityNot(this.client, options);
    const requests = [
      {
        method: 'GET',
        url: `MedicationRequest?patient=Patient/${id}&intent=${PRESCRIPTION_INTENTS}&_count=500&_include=MedicationRequest:medication&_include=MedicationRequest:requester${filter}`,
      },
      { method: 'GET', url: `MedicationDispense?patient=Patient/${id}&_count=1000${filter}` },
      {
        method: 'GET',
        url: `Task?patient=Patient/${id}&code=${encodeURIComponent(TASK_CODES)}&status=${PENDING_TASK_STATUSES.join(',')}&_include=Task:focus&_count=500`,
      },
    ];
    let results: BatchResult[];
    try {
      results = await this.client.batch(requests, { signal: options.signal });
    } catch (error) {
      if (filterRefused(this.client, filter, { error })) return this.listPrescriptions(patient, options);
      throw error;
    }
    if (filterRefused(this.client, filter, { results: results.slice(0, 2) })) return this.listPrescriptions(patient, options);
    const [orders, dispenses, tasks] = results;
    const orderResources = resourcesOf(orders);
    const dispenseResources = resourcesOf(dispenses).filter((r) => r.resourceType === 'MedicationDispense');
    const taskResources = resourcesOf(tasks);
    const index = indexResources([...orderResources, ...taskResources]);
    const pendingByPrescription = new Map<string, string>();
    for (const task of taskResources.filter((r) => r.resourceType === 'Task')) {
      const proposal = index.get(refOf(task.focus) ?? '');
      const prior = refOf(proposal?.priorPrescription);
      if (prior && task.id) pendingByPrescription.set(prior, task.id);
    }
    const dispensesOf = (ref: string) =>
      dispenseResources.filter((d) =>
        (Array.isArray(d.authorizingPrescription) ? d.authorizingPrescription : []).some((a: Reference) => refOf(a) === ref),
      );
    const rank = (status: string) => (status === 'active' ? 0 : status === 'on-hold' ? 1 : 2);
    return orderResources
      // only a prescriber's authorizations: a server that ignores the `intent` filter must not make a plan refillable
      .filter((r) => r.resourceType === 'MedicationRequest' && isPrescriptionOrder(r))
      .map((r) => {
        const ref = `MedicationRequest/${r.id}`;
        return toPrescription(r, dispensesOf(ref), index, pendingByPrescription.get(ref));
      })
      .sort((a, b) => rank(a.status) - rank(b.status) || (b.authoredOn ?? '').localeCompare(a.authoredOn ?? ''));
  }

  async listPharmacies(patient: RecordRef, options: ReadOptions = {}): Promise<Pharmacy[]> {
    const id = encodeURIComponent(idOf(patient, 'Patient'));
    const [patientResult, orgs] = await this.client.batch(
      [
        { method: 'GET', url: `Patient/${id}` },
        { method: 'GET', url: `Organization?type=${encodeURIComponent(PHARMACY_TYPE)}&active=true&_count=100` },
      ],
      // shared: the refill form's deceased check reads the same Patient through the patient port
      { signal: options.signal, shared: true },
    );
    if (!patientResult?.ok) throw patientResult?.error ?? new EngageError('server', 'Empty batch answer.');
    const preferred = preferredPharmacyOf(resourceOf(patientResult.resource));
    const organizations = resourcesOf(orgs).filter((r) => r.resourceType === 'Organization');
    if (preferred && !organizations.some((o) => `Organization/${o.id}` === preferred)) {
      try {
        organizations.push(await this.client.read('Organization', idOf(preferred, 'Organization'), { signal: options.signal }));
      } catch (error) {
        // a preferred pharmacy that no longer exists is left out, not an error
        if (!(isEngageError(error) && error.code === 'not-found')) throw error;
      }
    }
    return organizations
      .map((o) => toPharmacy(o, preferred))
      .sort((a, b) => Number(b.preferred) - Number(a.preferred) || a.name.localeCompare(b.name));
  }

  async submitRequest(patient: RecordRef, draft: RefillRequestDraft, options: WriteOptions): Promise<RefillRequest[]> {
    return submitRefillRequest(this.client, patient, draft, options);
  }

  async listRequests(
    query: PageRequest & { patient?: RecordRef; status?: RefillRequestStatus[] },
    options: ReadOptions = {},
  ): Promise<Page<RefillRequest>> {
    let bundle: Bundle;
    if (query.cursor) {
      bundle = (await this.client.request<Bundle>('GET', query.cursor, { signal: options.signal })).body;
    } else {
      const statuses = query.status?.length ? [...new Set(query.status.flatMap((s) => TASK_STATUSES[s]))] : undefined;
      bundle = await this.client.search(
        'Task',
        {
          code: TASK_CODES,
          patient: query.patient ? `Patient/${idOf(query.patient, 'Patient')}` : undefined,
          status: statuses?.join(','),
          _sort: '-authored-on',
          _count: Math.min(Math.max(query.pageSize ?? 50, 1), 200),
          _include: ['Task:focus', 'Task:patient'],
        },
        { signal: options.signal },
      );
    }
    if (!resourceOf(bundle, 'Bundle')) throw new EngageError('server', 'The refill requests answer is not a Bundle.');
    const resources = bundleResources(bundle);
    const index = indexResources(resources);
    const tasks = resources.filter((r) => r.resourceType === 'Task');
    await this.addPrescriptions(tasks, index, options);
    const wanted = query.status?.length ? new Set(query.status) : undefined;
    const items = tasks
      .map((task) => withPrescription(toRefillRequest(task, index), index))
      // denied and needs-appointment share a Task status; keep only what was asked for
      .filter((request) => !wanted || wanted.has(request.status));
    const next = nextLinkOf(bundle);
    // denied and needs-appointment share the Task status `rejected`: asked for only one of
    // them, the server's total also counts the other, so it is not reported
    const split = wanted && wanted.has('denied') !== wanted.has('needs-appointment');
    const total = numberOf(bundle.total);
    return { items, next, total: split ? undefined : total };
  }

  /**
   * Adds the original prescriptions, the Medications they name by reference and their
   * dispenses to the index, in one round trip. A proposal names the same Medication as its
   * original (or carries it contained), so this also names the request.
   */
  private async addPrescriptions(tasks: Resource[], index: ResourceIndex, options: ReadOptions): Promise<void> {
    const priors = [
      ...new Set(
        tasks
          .map((task) => refOf(index.get(refOf(task.focus) ?? '')?.priorPrescription))
          .filter((ref): ref is string => Boolean(ref)),
      ),
    ];
    if (!priors.length) return;
    const [orders, dispenses] = await this.client.batch(
      [
        {
          method: 'GET',
          url: `MedicationRequest?_id=${priors.map((p) => encodeURIComponent(p.split('/')[1]!)).join(',')}&_include=MedicationRequest:medication&_count=500`,
        },
        { method: 'GET', url: `MedicationDispense?prescription=${priors.map(encodeURIComponent).join(',')}&_count=1000` },
      ],
      { signal: options.signal },
    );
    for (const resource of [...resourcesOf(orders), ...resourcesOf(dispenses)]) {
      if (stringOf(resource.id)) index.set(`${resource.resourceType}/${resource.id}`, resource);
    }
  }

  async cancelRequest(requestId: string, options: WriteOptions): Promise<RefillRequest> {
    return cancelRefillRequest(this.client, requestId, options);
  }

  async reviewRequest(requestId: string, decision: RefillDecision, options: WriteOptions): Promise<RefillRequest> {
    return reviewRefillRequest(this.client, requestId, decision, options);
  }
}
