/**
 * The education port over FHIR R4. An assigned material is a `Communication` (the record
 * that something was given to the patient), chosen over `DocumentReference` because the
 * act — who gave what to whom, when and why — is what a certified EHR must record, and
 * the material itself usually lives elsewhere (a link) or is attached:
 *
 * - `category` SNOMED CT 311401005 "Patient education" (searchable, one code);
 * - `subject` and `recipient` the patient; `sender` the assigning practitioner when the
 *   host names one; `sent` when it was assigned; `reasonCode.text` why;
 * - `payload[0].contentAttachment`: `url`, `title`, `contentType` (a PDF or `text/html`), `language`;
 *   an uploaded PDF travels inline instead of `url`: `data` (base64), `size` and `hash` (SHA-1,
 *   base64), so it is written in the same single create as the assignment — no separate
 *   Binary whose write could land without the Communication that points at it;
 * - `received`: when the patient marked it read (set once; marking again changes nothing);
 * - `identifier`: the write's idempotency key (conditional create, docs/write-protocol.md).
 */
import { addDays, viewerDayOf } from '../../core/calendar-date.js';
import { EngageError } from '../../core/errors.js';
import type { AssignedMaterial, EducationPort, MaterialDraft, Period, ReadOptions, RecordRef, WriteOptions } from '../ports.js';
import type { FhirClient } from './client.js';
import type { Resource } from './fhir-types.js';
import { arrayOf, objectOf, refOf, resourceOf, stringOf } from './guards.js';
import { securityOf } from './mapping/common.js';
import { filterRefused, securityNotValues } from './security-filter.js';
import { createOnce, holdSent, rekey, settleEarlier, type KeyIdentity } from './write-protocol.js';

export const EDUCATION_CATEGORY = { system: 'http://snomed.info/sct', code: '311401005', display: 'Patient education' } as const;
const CATEGORY_TOKEN = `${EDUCATION_CATEGORY.system}|${EDUCATION_CATEGORY.code}`;
const KEYS: KeyIdentity = { system: 'urn:ietf:rfc:3986', value: (key) => `urn:uuid:${key}` };

/** Options for {@link FhirEducationPort}. */
export interface FhirEducationOptions {
  /** The assigning practitioner (`Practitioner/…`) and name, recorded as `sender`. */
  sender?: { ref?: RecordRef; name?: string };
  /** The clock for `sent` and `received` (default now). */
  now?: () => Date;
}

/** A `Communication` read as an assigned material; `undefined` when it is not one. */
export function toMaterial(resource: unknown): AssignedMaterial | undefined {
  const c = resourceOf(resource, 'Communication');
  const id = stringOf(c?.id);
  const patient = refOf(c?.subject);
  if (!c || !id || !patient) return undefined;
  const attachment = objectOf(arrayOf(c.payload).map((p) => objectOf(p.contentAttachment)).find(Boolean));
  const url = stringOf(attachment?.url);
  const data = stringOf(attachment?.data);
  const contentType = stringOf(attachment?.contentType);
  const title = stringOf(attachment?.title) ?? stringOf(objectOf(c.topic)?.text) ?? '';
  const reason = arrayOf(c.reasonCode).map((r) => stringOf(r.text)).find(Boolean);
  const sender = objectOf(c.sender);
  const material: AssignedMaterial = {
    id,
    ...securityOf(c),
    patient,
    title,
    assigned: stringOf(c.sent) ?? stringOf(objectOf(c.meta)?.lastUpdated) ?? '',
  };
  if ((url || data) && contentType && contentType !== 'text/html') {
    const size = attachment?.size;
    const hash = stringOf(attachment?.hash);
    material.attachment = {
      contentType,
      ...(url ? { url } : { data }),
      ...(title ? { title } : {}),
      ...(typeof size === 'number' && Number.isFinite(size) ? { size } : {}),
      ...(hash ? { hash } : {}),
    };
  } else if (url) material.url = url;
  if (reason) material.reason = reason;
  if (stringOf(sender?.display)) material.assignedBy = stringOf(sender?.display);
  if (stringOf(c.received)) material.readAt = stringOf(c.received);
  if (stringOf(attachment?.language)) material.language = stringOf(attachment?.language);
  return material;
}

/** The Communication for a new assignment. */
export function toCommunication(patient: RecordRef, draft: MaterialDraft, key: string, sent: string, sender?: FhirEducationOptions['sender']): Resource {
  const file = draft.attachment;
  return {
    resourceType: 'Communication',
    identifier: [{ system: KEYS.system, value: KEYS.value!(key) }],
    status: 'completed',
    category: [{ coding: [{ ...EDUCATION_CATEGORY }], text: EDUCATION_CATEGORY.display }],
    subject: { reference: patient },
    recipient: [{ reference: patient }],
    ...(sender?.ref || sender?.name ? { sender: { ...(sender.ref ? { reference: sender.ref } : {}), ...(sender.name ? { display: sender.name } : {}) } } : {}),
    sent,
    ...(draft.reason ? { reasonCode: [{ text: draft.reason }] } : {}),
    payload: [
      {
        contentAttachment: {
          ...(file?.data && !file.url ? { data: file.data } : { url: file?.url ?? draft.url }),
          title: draft.title,
          contentType: file?.contentType ?? 'text/html',
          ...(draft.language ? { language: draft.language } : {}),
          ...(file?.size !== undefined ? { size: file.size } : {}),
          ...(file?.hash ? { hash: file.hash } : {}),
        },
      },
    ],
  };
}

export class FhirEducationPort implements EducationPort {
  constructor(
    private readonly client: FhirClient,
    private readonly options: FhirEducationOptions = {},
  ) {}

  private now(): string {
    return (this.options.now ?? (() => new Date()))().toISOString();
  }

  async listAssigned(patient: RecordRef, options: ReadOptions = {}): Promise<AssignedMaterial[]> {
    // withheld labels (a proxy's) are left out on the server where it can (./security-filter.ts)
    const withheld = securityNotValues(this.client, options);
    let resources: Resource[];
    try {
      ({ resources } = await this.client.searchAll(
        'Communication',
        { subject: patient, category: CATEGORY_TOKEN, _count: 100, ...(withheld.length ? { '_security:not': withheld } : {}) },
        { signal: options.signal, maxResults: 500 },
      ));
    } catch (error) {
      if (filterRefused(this.client, withheld.join(), { error })) return this.listAssigned(patient, options);
      throw error;
    }
    return resources
      .map(toMaterial)
      .filter((m): m is AssignedMaterial => !!m)
      .sort((a, b) => b.assigned.localeCompare(a.assigned));
  }

  /**
   * Assigns a material, once per key (`createOnce`). A create the server refuses with 409 /
   * 412 is looked up by its key (docs/write-protocol.md §3): the one record found is the
   * answer; none fails as `server` (nothing stored); several fail as `duplicate`. A
   * `conflict` is left only for an edited retry whose earlier record changed before this try
   * could revise it (412 on `If-Match`).
   */
  async assign(patient: RecordRef, draft: MaterialDraft, options: WriteOptions): Promise<AssignedMaterial> {
    if (!options?.idempotencyKey) throw new EngageError('invalid', 'A write needs an idempotency key.');
    if (!draft.title.trim() || !(draft.url ?? draft.attachment?.url ?? draft.attachment?.data)) throw new EngageError('invalid', 'A material needs a title and a link or an attachment.');
    const resource = toCommunication(patient, draft, options.idempotencyKey, this.now(), this.options.sender);
    const settled = await settleEarlier(this.client, 'Communication', KEYS, options, options.signal);
    // what a material stored under this key must hold: the material and why it was given
    const hold = { content: ['payload', 'reasonCode'], signal: options.signal } as const;
    if (settled.current) return this.stored(await holdSent(this.client, settled.current, resource, hold));
    const earlier = settled.earlier.find((r) => refOf(r.subject) === patient);
    if (earlier) {
      const revise = (stored: Resource): Resource => ({ ...resource, id: stored.id, meta: stored.meta, sent: stringOf(stored.sent) ?? resource.sent });
      return this.stored(await rekey(this.client, earlier, KEYS, options.idempotencyKey, revise, options.signal));
    }
    return this.stored(await createOnce(this.client, resource, KEYS, options.idempotencyKey, hold));
  }

  async markRead(id: string, options: WriteOptions): Promise<AssignedMaterial> {
    const current = resourceOf(await this.client.read('Communication', id, { signal: options.signal }), 'Communication');
    if (!current) throw new EngageError('server', 'The answer is not a Communication.');
    // read once: a second marking (a retry, another device) keeps the first time
    if (stringOf(current.received)) return this.stored(current);
    const { body } = await this.client.update({ ...current, received: this.now() }, { ifMatch: current.meta?.versionId, signal: options.signal });
    return this.stored(body);
  }

  async countPatientsEducated(period: Period, options: ReadOptions = {}): Promise<number> {
    const { resources } = await this.client.searchAll(
      'Communication',
      // a day wider on each side: the server reads the days in its own zone, the period names the viewer's
      { category: CATEGORY_TOKEN, sent: [`ge${addDays(period.start.slice(0, 10), -1)}`, `le${addDays(period.end.slice(0, 10), 1)}`], _count: 200 },
      { signal: options.signal, maxResults: 5000 },
    );
    // the viewer's days decide, as in the memory port: a moment is on the day it is where the viewer is
    const inPeriod = (date: string) => viewerDayOf(date) >= period.start.slice(0, 10) && viewerDayOf(date) <= period.end.slice(0, 10);
    return new Set(resources.map(toMaterial).filter((m) => m && inPeriod(m.assigned)).map((m) => m!.patient)).size;
  }

  private stored(resource: unknown): AssignedMaterial {
    const material = toMaterial(resource);
    if (!material) throw new EngageError('server', 'The server did not return the stored Communication.');
    return material;
  }
}
