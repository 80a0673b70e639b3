/**
 * The decision-aid port over FHIR R4: aids are `Library` resources carrying the aid's
 * JSON, responses are `QuestionnaireResponse`s written with a conditional create on the
 * idempotency key. See `mapping/decision-aid.ts` for the modelling and why.
 */
import { EngageError } from '../../core/errors.js';
import type {
  DecisionAid,
  DecisionAidInfo,
  DecisionAidPort,
  DecisionAidResponse,
  ReadOptions,
  RecordRef,
  WriteOptions,
} from '../ports.js';
import type { FhirClient } from './client.js';
import type { Resource } from './fhir-types.js';
import { bundleResources, resourceOf } from './guards.js';
import {
  AID_URL_BASE,
  KEY_SYSTEM,
  TAG_SYSTEM,
  aidToLibrary,
  fromQuestionnaireResponse,
  libraryInfo,
  libraryToAid,
  toQuestionnaireResponse,
} from './mapping/decision-aid.js';
import { refOf } from './mapping/messaging.js';
import { createOnce, holdSent, rekey, settleEarlier, type KeyIdentity } from './write-protocol.js';

/** How a response carries its idempotency key (one identifier: a later key replaces it). */
const RESPONSE_KEYS: KeyIdentity = { system: KEY_SYSTEM, value: (key) => `urn:uuid:${key}` };

const newestVersionFirst = (a: Resource, b: Resource) =>
  String(b.version ?? '').localeCompare(String(a.version ?? ''), undefined, { numeric: true });

export class FhirDecisionAidPort implements DecisionAidPort {
  constructor(private readonly client: FhirClient) {}

  async listAids(options: ReadOptions = {}): Promise<DecisionAidInfo[]> {
    const { resources } = await this.client.searchAll('Library', { _tag: `${TAG_SYSTEM}|decision-aid`, status: 'active', _count: 100 }, { signal: options.signal, maxResults: 500 });
    const newest = new Map<string, DecisionAidInfo>();
    for (const library of resources.sort(newestVersionFirst)) {
      const info = libraryInfo(library);
      if (!newest.has(info.id)) newest.set(info.id, info);
    }
    return [...newest.values()];
  }

  async getAid(id: string, options: ReadOptions = {}): Promise<DecisionAid> {
    const bundle = await this.client.search('Library', { url: `${AID_URL_BASE}${id}`, _count: 20 }, { signal: options.signal });
    const libraries = bundleResources(bundle, 'Library');
    const library = libraries.filter((l) => l.status !== 'retired').sort(newestVersionFirst)[0];
    if (!library) throw new EngageError('not-found', `No decision aid "${id}".`, { status: 404 });
    return libraryToAid(library);
  }

  /**
   * Publishes an aid as a Library unless one with its URL and version exists (a
   * conditional create, so calling it on every start is harmless). For hosts and the
   * demo that keep aids as JSON files.
   */
  async publishAid(content: { id: string; version: string; title: string }, options: ReadOptions = {}): Promise<void> {
    const library = aidToLibrary(content);
    delete library.id;
    await this.client.create(library, {
      signal: options.signal,
      ifNoneExist: `url=${encodeURIComponent(`${AID_URL_BASE}${content.id}`)}&version=${encodeURIComponent(content.version)}`,
    });
  }

  async saveResponse(response: DecisionAidResponse, options: WriteOptions): Promise<DecisionAidResponse> {
    if (!options?.idempotencyKey) throw new EngageError('invalid', 'A write needs an idempotency key.');
    const resource = toQuestionnaireResponse(response, options.idempotencyKey);
    // the write protocol: changed answers after a lost save update the response that landed
    const settled = await settleEarlier(this.client, 'QuestionnaireResponse', RESPONSE_KEYS, options, options.signal);
    // what a response stored under this key must hold: the answers
    const hold = { content: ['item'], signal: options.signal } as const;
    if (settled.current) return fromQuestionnaireResponse(await holdSent(this.client, settled.current, resource, hold));
    const earlier = settled.earlier.find((r) => refOf(r.subject) === refOf(resource.subject));
    if (earlier) {
      const revise = (stored: Resource): Resource => ({ ...resource, id: stored.id, meta: stored.meta });
      return fromQuestionnaireResponse(await rekey(this.client, earlier, RESPONSE_KEYS, options.idempotencyKey, revise, options.signal));
    }
    return fromQuestionnaireResponse(await createOnce(this.client, resource, RESPONSE_KEYS, options.idempotencyKey, hold));
  }

  async getResponse(id: string, options: ReadOptions = {}): Promise<DecisionAidResponse> {
    const qr = resourceOf(await this.client.read('QuestionnaireResponse', id, { signal: options.signal }), 'QuestionnaireResponse');
    if (!qr) throw new EngageError('server', 'The answer is not a QuestionnaireResponse.');
    return fromQuestionnaireResponse(qr);
  }

  async listResponses(patient: RecordRef, query: { aidId?: string } = {}, options: ReadOptions = {}): Promise<DecisionAidResponse[]> {
    const { resources } = await this.client.searchAll(
      'QuestionnaireResponse',
      { subject: patient, _tag: `${TAG_SYSTEM}|decision-aid-response`, _sort: '-authored', _count: 100 },
      { signal: options.signal, maxResults: 500 },
    );
    return resources
      .map(fromQuestionnaireResponse)
      .filter((r) => !query.aidId || r.aidId === query.aidId)
      .sort((a, b) => (b.completed ?? b.started).localeCompare(a.completed ?? a.started));
  }
}
