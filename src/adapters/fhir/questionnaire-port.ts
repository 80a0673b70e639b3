/**
 * The questionnaire port over FHIR R4. Forms are `Questionnaire` resources (read by id or
 * by canonical URL), answers are `QuestionnaireResponse`s, value sets are expanded with
 * `ValueSet/$expand`, and assignments are SDC "complete-questionnaire" `Task`s beside the
 * patient's drafts.
 *
 * Writes follow the write protocol (docs/write-protocol.md): the first save of a response
 * is a conditional create on its idempotency key (the response's one `identifier`), after
 * settling earlier keys it replaces; a save of a stored draft reads it and updates it with
 * `If-Match`, so a retry whose first attempt landed finds its key already there and
 * returns that record instead of writing again.
 */
import { EngageError } from '../../core/errors.js';
import type {
  Coding,
  Questionnaire,
  QuestionnaireAssignment,
  QuestionnairePort,
  QuestionnaireResponse,
  ReadOptions,
  RecordRef,
  ValueSetExpansion,
  WriteOptions,
} from '../ports.js';
import type { FhirClient } from './client.js';
import type { Resource } from './fhir-types.js';
import { arrayOf, bundleResources, codingOf, objectOf, refOf, resourceOf, stringOf } from './guards.js';
import { createOnce, hasKey, holdSent, keyIdentifierFor, rekey, settleEarlier, type KeyIdentity } from './write-protocol.js';

/** How a response carries its idempotency key: its single identifier, a later key replaces it. */
const RESPONSE_KEYS: KeyIdentity = { system: 'urn:ietf:rfc:3986', value: (key) => `urn:uuid:${key}` };

/** The SDC code of a Task that asks a patient to fill in a questionnaire. */
const TASK_CODE = 'http://hl7.org/fhir/uv/sdc/CodeSystem/temp|complete-questionnaire';

const OPEN_TASK = 'requested,received,accepted,ready,in-progress';

const newestFirst = (a: Resource, b: Resource) =>
  String(b.meta?.lastUpdated ?? '').localeCompare(String(a.meta?.lastUpdated ?? ''));

/** The response as stored: only the questionnaire-response shape, whatever else the server added. */
function asResponse(resource: unknown): QuestionnaireResponse {
  const qr = resourceOf(resource, 'QuestionnaireResponse');
  if (!qr) throw new EngageError('server', 'The answer is not a QuestionnaireResponse.');
  return qr as unknown as QuestionnaireResponse;
}

export class FhirQuestionnairePort implements QuestionnairePort {
  constructor(private readonly client: FhirClient) {}

  async getQuestionnaire(ref: string, options: ReadOptions = {}): Promise<Questionnaire> {
    const id = ref.startsWith('Questionnaire/') ? ref.slice('Questionnaire/'.length) : /^[A-Za-z0-9\-.]{1,64}$/.test(ref) ? ref : undefined;
    if (id !== undefined && !ref.includes(':')) {
      const q = resourceOf(await this.client.read('Questionnaire', id, { signal: options.signal }), 'Questionnaire');
      if (!q) throw new EngageError('server', 'The answer is not a Questionnaire.');
      return q as unknown as Questionnaire;
    }
    const [url, version] = ref.split('|');
    const bundle = await this.client.search('Questionnaire', { url, version, _count: 20 }, { signal: options.signal });
    const found = bundleResources(bundle, 'Questionnaire')
      .filter((q) => q.status !== 'retired')
      .sort(newestFirst)[0];
    if (!found) throw new EngageError('not-found', `No questionnaire "${ref}".`, { status: 404 });
    return found as unknown as Questionnaire;
  }

  async expandValueSet(url: string, query: { filter?: string; count?: number } = {}, options: ReadOptions = {}): Promise<ValueSetExpansion> {
    const params = new URLSearchParams({ url });
    if (query.filter) params.set('filter', query.filter);
    if (query.count) params.set('count', String(query.count));
    const { body } = await this.client.request<Resource>('GET', `ValueSet/$expand?${params.toString()}`, { signal: options.signal });
    const expansion = objectOf<{ contains?: unknown; total?: unknown }>(resourceOf(body, 'ValueSet')?.expansion);
    if (!expansion) throw new EngageError('server', 'The value set expansion is missing.');
    const codes = arrayOf(expansion.contains)
      .map((c) => codingOf(c))
      .filter((c): c is Coding => Boolean(c?.code || c?.display));
    const total = typeof expansion.total === 'number' ? expansion.total : undefined;
    return { codes, ...(total !== undefined && total > codes.length ? { truncated: true } : {}) };
  }

  async listAssigned(patient: RecordRef, options: ReadOptions = {}): Promise<QuestionnaireAssignment[]> {
    const [tasks, drafts] = await Promise.all([
      this.client.searchAll('Task', { patient, code: TASK_CODE, status: OPEN_TASK, _count: 100 }, { signal: options.signal, maxResults: 200 }),
      this.client.searchAll('QuestionnaireResponse', { subject: patient, status: 'in-progress', _count: 100 }, { signal: options.signal, maxResults: 200 }),
    ]);
    const inProgress = drafts.resources.sort(newestFirst).map(
      (r): QuestionnaireAssignment => ({
        questionnaire: stringOf(r.questionnaire) ?? '',
        status: 'in-progress',
        responseId: r.id,
        date: stringOf(r.authored) ?? stringOf(r.meta?.lastUpdated),
      }),
    );
    const started = new Set(inProgress.map((a) => a.questionnaire));
    const assigned = tasks.resources.sort(newestFirst).flatMap((task): QuestionnaireAssignment[] => {
      const input = arrayOf<{ valueCanonical?: unknown; valueReference?: unknown }>(task.input);
      const ref = input.map((i) => stringOf(i.valueCanonical) ?? refOf(i.valueReference)).find(Boolean);
      if (!ref || started.has(ref)) return [];
      return [{ questionnaire: ref, title: stringOf(task.description), status: 'assigned', date: stringOf(task.authoredOn) }];
    });
    return [...inProgress, ...assigned];
  }

  saveDraft(response: QuestionnaireResponse, options: WriteOptions): Promise<QuestionnaireResponse> {
    return this.write({ ...response, status: 'in-progress' }, options);
  }

  submit(response: QuestionnaireResponse, options: WriteOptions): Promise<QuestionnaireResponse> {
    return this.write({ ...response, status: 'completed' }, options);
  }

  private async write(response: QuestionnaireResponse, options: WriteOptions): Promise<QuestionnaireResponse> {
    if (!options?.idempotencyKey) throw new EngageError('invalid', 'A write needs an idempotency key.');
    const key = options.idempotencyKey;
    // the server owns meta (version, lastUpdated); what we send is the content and the key
    const resource = { ...response, resourceType: 'QuestionnaireResponse', identifier: keyIdentifierFor(RESPONSE_KEYS, key) } as Resource;
    delete resource.meta;
    // what a record stored under this key must hold: the answers
    const hold = { content: ['item'], signal: options.signal } as const;
    if (response.id) {
      // a stored draft: what it holds now decides (a retry that landed has our key already)
      const stored = resourceOf(await this.client.read('QuestionnaireResponse', response.id, { signal: options.signal }), 'QuestionnaireResponse');
      if (!stored) throw new EngageError('server', 'The answer is not a QuestionnaireResponse.');
      if (hasKey(stored, RESPONSE_KEYS, key)) return asResponse(await holdSent(this.client, stored, resource, hold));
      const { body } = await this.client.update({ ...resource, id: response.id }, { ifMatch: stored.meta?.versionId, signal: options.signal });
      return asResponse(body);
    }
    // the write protocol: changed answers after a lost first save update the response that landed
    const settled = await settleEarlier(this.client, 'QuestionnaireResponse', RESPONSE_KEYS, options, options.signal);
    if (settled.current) return asResponse(await holdSent(this.client, settled.current, resource, hold));
    const earlier = settled.earlier.find((r) => refOf(r.subject) === refOf(resource.subject));
    if (earlier) {
      const revise = (stored: Resource): Resource => ({ ...resource, id: stored.id, meta: stored.meta });
      return asResponse(await rekey(this.client, earlier, RESPONSE_KEYS, key, revise, options.signal));
    }
    return asResponse(await createOnce(this.client, resource, RESPONSE_KEYS, key, hold));
  }

  async getResponse(id: string, options: ReadOptions = {}): Promise<QuestionnaireResponse> {
    return asResponse(await this.client.read('QuestionnaireResponse', id, { signal: options.signal }));
  }

  async runQuery(query: string, options: ReadOptions = {}): Promise<unknown> {
    // SDC queries are relative to the server; a form must not send the patient's context
    // (`{{%patient.id}}`) or the user's token anywhere else, nor climb out of the base path
    const base = new URL(`${this.client.baseUrl}/`, globalThis.location?.href).href;
    const absolute = /^([a-z][a-z0-9+.-]*:)?\/\//i.test(query);
    const url = new URL(absolute ? query : query.replace(/^\/+/, ''), base);
    if (!url.href.startsWith(base) || url.href === base) throw new EngageError('invalid', 'A form may only query its own FHIR server.');
    const { body } = await this.client.request<Resource>('GET', url.href, { signal: options.signal });
    return body;
  }

  async listResponses(
    patient: RecordRef,
    query: { questionnaire?: string; status?: QuestionnaireResponse['status'] } = {},
    options: ReadOptions = {},
  ): Promise<QuestionnaireResponse[]> {
    // `questionnaire` is a reference search that servers treat differently for canonical
    // URLs (some match `url|version` only, some nothing): filter here instead
    const { resources } = await this.client.searchAll(
      'QuestionnaireResponse',
      { subject: patient, status: query.status, _sort: '-authored', _count: 100 },
      { signal: options.signal, maxResults: 500 },
    );
    const wanted = query.questionnaire;
    return resources
      .map(asResponse)
      .filter((r) => !wanted || r.questionnaire === wanted || r.questionnaire?.split('|')[0] === wanted)
      .sort((a, b) => (b.authored ?? '').localeCompare(a.authored ?? ''));
  }
}
