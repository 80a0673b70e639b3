import { addDays, addMonths, viewerDayOf } from '../../core/calendar-date.js';
import { EngageError } from '../../core/errors.js';
import type {
  CareReminderList,
  CareReminderPort,
  DateValue,
  MessagingPort,
  Panel,
  ReadOptions,
  RecordRef,
  ReminderAction,
  ReminderAnswer,
  ReminderRecord,
  ReminderRuleSet,
  ReminderSendResult,
  SendRemindersOptions,
  Worklist,
  WorklistFilter,
  WriteOptions,
} from '../ports.js';
import { evaluateReminders } from '../../reminders/evaluate.js';
import { buildWorklist } from '../../reminders/worklist.js';
import { MESSAGE_CATEGORY_SYSTEM, periodOfReminderKey, reminderRuleOf, sendReminderMessages } from '../../reminders/send.js';
import { PageGuard, type FhirClient } from './client.js';
import type { Bundle, BundleEntry, Resource } from './fhir-types.js';
import { arrayOf, objectOf, refOf, resourceOf, stringOf } from './guards.js';
import { FhirMessagingPort } from './messaging-port.js';
import { idOf } from './refs.js';
import { createOnce, keyIdentifierFor, rekey, settleEarlier, type KeyIdentity } from './write-protocol.js';
import { NEEDS_REVIEW_TAG, PROCEDURE_RECORDED, REMINDER_ANSWER_SYSTEM, REMINDER_RULE_SYSTEM, toReminderAction, toReminderRecord } from './mapping/reminders.js';
import { toCoded } from './mapping/common.js';

/** How an answer carries its idempotency key. */
const ANSWER_KEYS: KeyIdentity = { system: 'https://ehr-engage.dev/fhir/sid/care-reminder-answer' };
const PAGE = 500;
/** Patients read at once while building a worklist (a clinic's server is shared). */
const PARALLEL = 4;

/** Options of the FHIR care-reminder port. */
export interface FhirCareReminderOptions {
  /** The rule set (for example `rules/preventive-care.json`, loaded by the host). */
  rules: ReminderRuleSet;
  /** The messaging port reminders go through; default one over the same client. */
  messaging?: MessagingPort;
  /** The clock for "recorded" dates; default now. */
  now?: () => Date;
  /** Most patients a worklist reads; default 5,000. */
  maxPatients?: number;
}

/** `system|code` tokens of the code sets, by the resource type each set is searched in. */
function tokensByType(rules: ReminderRuleSet): Map<string, Set<string>> {
  const byType = new Map<string, Set<string>>();
  const add = (type: string, setId: string) => {
    let tokens = byType.get(type);
    if (!tokens) byType.set(type, (tokens = new Set()));
    for (const c of rules.codeSets[setId]?.codes ?? []) tokens.add(`${c.system}|${c.code}`);
  };
  for (const rule of rules.rules) {
    for (const setId of [...(rule.appliesTo.conditionsPresent ?? []), ...(rule.appliesTo.conditionsAbsent ?? [])]) add('Condition', setId);
    for (const f of rule.appliesTo.findings ?? []) add('Observation', f.codeSet);
    for (const way of rule.satisfiedBy) for (const type of way.resourceTypes) add(type, way.codeSet);
  }
  return byType;
}

/** Today's calendar date where the user is (`YYYY-MM-DD`). */
function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Care reminders over FHIR R4, evaluated locally over the patient's record (the default the
 * issue names; a server's own measure results are not used yet).
 *
 * **Reading a record** is one `batch` round trip — the Patient, and one search per resource
 * type filtered to the codes the rules name (so a long history of unrelated observations is
 * never downloaded), plus open orders, active care plans and the stored answers — then
 * `next` links where a search has more pages.
 *
 * **Answers** (see `mapping/reminders.ts`): "done elsewhere" is a patient-asserted
 * `Procedure` tagged for review; the others are `Flag`s. Each is a conditional create on
 * its idempotency key; a changed answer re-keys the earlier record (write protocol).
 *
 * **Reminders** are conversations started through the messaging port (a `Communication`
 * with category `reminder` and the rule), keyed per patient, rule and month; the worklist
 * counts them with one search of the period's reminder `Communication`s.
 */
export class FhirCareReminderPort implements CareReminderPort {
  private readonly messaging: MessagingPort;
  private readonly tokens: Map<string, Set<string>>;

  constructor(
    private readonly client: FhirClient,
    private readonly options: FhirCareReminderOptions,
  ) {
    this.messaging = options.messaging ?? new FhirMessagingPort(client);
    this.tokens = tokensByType(options.rules);
  }

  /** The searches of one patient's record. */
  private searches(patientRef: string): string[] {
    const p = `patient=${patientRef}&_count=${PAGE}`;
    const coded = (type: string) => {
      const tokens = this.tokens.get(type);
      return tokens?.size ? [`${type}?${p}&code=${encodeURIComponent([...tokens].join(','))}`] : [];
    };
    return [
      ...coded('Condition'),
      ...coded('Observation'),
      ...coded('Procedure'),
      ...coded('DiagnosticReport'),
      // ImagingStudy has no `code` search parameter: its few studies are read whole
      ...(this.tokens.get('ImagingStudy')?.size ? [`ImagingStudy?${p}`] : []),
      `Procedure?${p}&_tag=${encodeURIComponent(`${NEEDS_REVIEW_TAG.system}|${NEEDS_REVIEW_TAG.code}`)}`,
      `ServiceRequest?${p}&status=active`,
      `CarePlan?${p}&status=active`,
      // Flag has no `code` or `status` search parameter in R4: the patient's few flags are read and filtered
      `Flag?${p}`,
    ];
  }

  /**
   * The patient's record: one batch, then paging. The Patient is shared with the other
   * elements on the page (the client's default) unless `shared` is false: a worklist reads
   * thousands of patients and must not keep them all for the page view.
   */
  async readRecord(patient: RecordRef, signal?: AbortSignal, shared?: false): Promise<ReminderRecord> {
    const patientRef = `Patient/${encodeURIComponent(idOf(patient, 'Patient'))}`;
    const searches = this.searches(patientRef);
    const reads = [{ method: 'GET', url: patientRef }, ...searches.map((url) => ({ method: 'GET', url }))];
    const results = await this.client.batch(reads, { signal, shared });
    const [patientResult, ...searchResults] = results;
    if (!patientResult?.ok) throw patientResult?.error ?? new EngageError('server', 'Empty batch answer.');
    const patientResource = resourceOf(patientResult.resource, 'Patient');
    if (!patientResource) throw new EngageError('server', 'The batch did not return a Patient.');
    const resources: Resource[] = [patientResource];
    const seen = new Set<string>();
    for (const [i, result] of searchResults.entries()) {
      if (!result?.ok) throw result?.error ?? new EngageError('server', `No answer for ${searches[i]}.`);
      let page = resourceOf<Bundle>(result.resource, 'Bundle');
      const guard = new PageGuard();
      while (page) {
        for (const entry of arrayOf<BundleEntry>(page.entry)) {
          const resource = objectOf<Resource>(entry.resource);
          const key = resource && `${stringOf(resource.resourceType)}/${stringOf(resource.id)}`;
          if (!resource || !key || seen.has(key) || objectOf<{ mode?: unknown }>(entry.search)?.mode === 'outcome') continue;
          seen.add(key);
          resources.push(resource);
        }
        page = await this.client.nextPage(page, { signal, guard });
      }
    }
    return { ...toReminderRecord(resources), patient: `Patient/${idOf(patient, 'Patient')}` };
  }

  /**
   * Evaluated over the whole record, whatever `options.withheldLabels` says: a record left
   * out before evaluating would turn a reminder a confidential test met into one that looks
   * due, which is false. The proxy policy instead drops every reminder whose rule or evidence
   * carries a withheld label (`src/core/proxy-adapter.ts`), so such a reminder is not shown at all.
   */
  async getReminders(patient: RecordRef, asOf: DateValue, options: ReadOptions = {}): Promise<CareReminderList> {
    const record = await this.readRecord(patient, options.signal);
    return { patient, asOf, reminders: evaluateReminders(this.options.rules, record, asOf), disclaimer: this.options.rules.disclaimer };
  }

  async answer(patient: RecordRef, reminderId: string, answer: ReminderAnswer, options: WriteOptions): Promise<ReminderAction> {
    if (!options?.idempotencyKey) throw new EngageError('invalid', 'A write needs an idempotency key.');
    const patientRef = `Patient/${idOf(patient, 'Patient')}`;
    const recorded = localDate((this.options.now ?? (() => new Date()))());
    const ruleId = reminderId.split(':')[0]!;
    const ruleCoding = { system: REMINDER_RULE_SYSTEM, code: reminderId, display: this.options.rules.rules.find((r) => r.id === ruleId)?.title.en };
    const identifier = [keyIdentifierFor(ANSWER_KEYS, options.idempotencyKey)];
    const resource: Resource =
      answer.kind === 'done-elsewhere'
        ? {
            resourceType: 'Procedure',
            meta: { tag: [{ ...NEEDS_REVIEW_TAG, display: 'Patient-reported, needs review' }] },
            // when the patient answered, apart from when the test was done: the newest answer wins
            extension: [{ url: PROCEDURE_RECORDED, valueDateTime: recorded }],
            identifier,
            status: 'completed',
            code: { coding: [ruleCoding], text: ruleCoding.display },
            subject: { reference: patientRef },
            performedDateTime: answer.performed,
            recorder: { reference: patientRef },
            asserter: { reference: patientRef },
            location: { display: answer.where },
            note: [{ text: `Reported by the patient on ${recorded}: done at ${answer.where}.` }],
          }
        : {
            resourceType: 'Flag',
            identifier,
            status: 'active',
            category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'admin', display: 'Administrative' }] }],
            code: {
              coding: [ruleCoding, { system: REMINDER_ANSWER_SYSTEM, code: answer.kind }],
              ...('reason' in answer && answer.reason ? { text: answer.reason } : {}),
            },
            subject: { reference: patientRef },
            period: { start: recorded, ...(answer.kind === 'snoozed' ? { end: answer.until } : {}) },
          };
    const type = resource.resourceType;
    // "done elsewhere" is a Procedure, every other answer a Flag: an earlier attempt of the
    // other kind cannot be revised into this one, so it is withdrawn (entered-in-error,
    // which the reminders read as no answer), leaving one live record with the last choice
    const other = type === 'Procedure' ? 'Flag' : 'Procedure';
    const superseded = await settleEarlier<Resource>(this.client, other, ANSWER_KEYS, options, options.signal);
    for (const stale of superseded.earlier) {
      if (refOf({ reference: stringOf((stale as { subject?: { reference?: unknown } }).subject?.reference) }) !== patientRef) continue;
      if (stale.status === 'entered-in-error') continue;
      await this.client.update({ ...stale, status: 'entered-in-error' }, { ifMatch: stale.meta?.versionId, signal: options.signal });
    }
    // the write protocol: a changed answer updates what an earlier attempt stored
    const settled = await settleEarlier<Resource>(this.client, type, ANSWER_KEYS, options, options.signal);
    const earlier = settled.earlier.find((r) => refOf({ reference: stringOf((r as { subject?: { reference?: unknown } }).subject?.reference) }) === patientRef);
    if (earlier) {
      await rekey(this.client, earlier, ANSWER_KEYS, options.idempotencyKey, (stored) => ({ ...resource, id: stored.id, meta: stored.meta, identifier: stored.identifier }), options.signal);
    }
    // what an answer stored under this key must hold: when and where it was done, or the choice and its reason
    const content = type === 'Procedure' ? ['performedDateTime', 'location', 'note'] : ['code', 'period'];
    const created = await createOnce(this.client, resource, ANSWER_KEYS, options.idempotencyKey, { content, signal: options.signal });
    const action = toReminderAction(created);
    if (!action) throw new EngageError('server', 'The server did not return the stored answer.');
    return action;
  }

  /** The patients of a panel. */
  private async panelPatients(panel: Panel, signal?: AbortSignal): Promise<RecordRef[]> {
    const max = this.options.maxPatients ?? 5_000;
    if ('group' in panel) {
      const group = await this.client.read<Resource>('Group', idOf(panel.group, 'Group'), { signal });
      return arrayOf<{ entity?: unknown; inactive?: unknown }>(group.member)
        .filter((m) => m.inactive !== true)
        .map((m) => refOf(m.entity))
        .filter((r): r is string => !!r && r.startsWith('Patient/'))
        .slice(0, max);
    }
    const params: Record<string, string | number> = { _count: PAGE, _elements: 'id' };
    if ('practitioner' in panel) params['general-practitioner'] = panel.practitioner;
    const { resources } = await this.client.searchAll('Patient', params, { signal, maxResults: max });
    return resources.map((r) => `Patient/${r.id}`);
  }

  /** Rule ids each patient was reminded about in `period` (one search). */
  private async remindedIn(period: string, signal?: AbortSignal): Promise<Map<RecordRef, string[]>> {
    const first = `${period}-01`;
    // a day wider on each side: the server reads the days in its own zone (a reminder sent at 21:00
    // in New York on 30 November is stamped 1 December in UTC); the period it was sent for decides
    const { resources } = await this.client.searchAll(
      'Communication',
      { category: `${MESSAGE_CATEGORY_SYSTEM}|reminder`, sent: [`ge${addDays(first, -1)}`, `lt${addDays(addMonths(first, 1), 1)}`], _count: PAGE },
      { signal, maxResults: 50_000 },
    );
    const out = new Map<RecordRef, string[]>();
    for (const c of resources) {
      // the period in its key (the worklist's it was sent from, as the memory port keeps it), else the viewer's month of `sent`
      const keyed = arrayOf<{ value?: unknown }>(c.identifier).map((i) => periodOfReminderKey(stringOf(i.value))).find(Boolean);
      const sent = stringOf(c.sent);
      if ((keyed ?? (sent && viewerDayOf(sent).slice(0, 7))) !== period) continue;
      const patient = refOf(c.subject);
      const rule = arrayOf(c.category).map((cc) => reminderRuleOf(toCoded(cc))).find(Boolean);
      if (!patient || !rule) continue;
      out.set(patient, [...(out.get(patient) ?? []), rule]);
    }
    return out;
  }

  async worklist(panel: Panel, asOf: DateValue, filter: WorklistFilter = {}, options: ReadOptions = {}): Promise<Worklist> {
    const patients = await this.panelPatients(panel, options.signal);
    const reminded = await this.remindedIn(asOf.slice(0, 7), options.signal);
    const records: ReminderRecord[] = [];
    for (let i = 0; i < patients.length; i += PARALLEL) {
      records.push(...(await Promise.all(patients.slice(i, i + PARALLEL).map((p) => this.readRecord(p, options.signal, false)))));
    }
    return buildWorklist(this.options.rules, records, asOf, filter, (p) => reminded.get(p) ?? []);
  }

  async sendReminders(patients: readonly RecordRef[], ruleId: string, period: string, options: SendRemindersOptions = {}): Promise<ReminderSendResult[]> {
    const rule = this.options.rules.rules.find((r) => r.id === ruleId);
    if (!rule) throw new EngageError('invalid', `No rule ${ruleId}.`);
    return sendReminderMessages(this.messaging, rule, patients, period, options);
  }
}

/** An adapter with only the care-reminder port. */
export function createFhirReminders(client: FhirClient, options: FhirCareReminderOptions): { client: FhirClient; reminders: FhirCareReminderPort } {
  return { client, reminders: new FhirCareReminderPort(client, options) };
}
