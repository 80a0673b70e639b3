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
import { reminderKey, sendReminderMessages } from '../../reminders/send.js';
import { IdempotencyLedger, simulate, type Simulation } from './simulate.js';

/** What the memory care-reminder port holds. */
export interface MemoryCareReminderOptions {
  /** The rule set (for example `rules/preventive-care.json`, loaded by the host). */
  rules?: ReminderRuleSet;
  /** One record per patient. */
  records?: readonly ReminderRecord[];
  /** Panels: a `Group` or a practitioner reference → its patients. */
  panels?: Readonly<Record<RecordRef, readonly RecordRef[]>>;
  /**
   * The messaging port reminders are sent through (the memory adapter passes its own, so
   * a reminder shows in the patient's inbox). Without one, `sendReminders` is not configured.
   */
  messaging?: MessagingPort;
  /** The clock for "recorded" dates; default now. */
  now?: () => Date;
}

/** Care reminders over records held in memory. */
export class MemoryCareReminderPort implements CareReminderPort {
  /** The write protocol: one answer per idempotency key. */
  readonly ledger = new IdempotencyLedger();
  private readonly records: Map<RecordRef, ReminderRecord>;
  private readonly sent = new Map<string, RecordRef>();
  private sequence = 0;

  constructor(
    private readonly options: MemoryCareReminderOptions = {},
    private readonly simulation: Simulation = {},
  ) {
    this.records = new Map((options.records ?? []).map((r) => [r.patient, structuredClone(r)]));
  }

  private get rules(): ReminderRuleSet {
    if (!this.options.rules) throw new EngageError('not-configured', 'No care-reminder rules were given to the adapter.');
    return this.options.rules;
  }

  private record(patient: RecordRef): ReminderRecord {
    const found = this.records.get(patient);
    if (!found) throw new EngageError('not-found', 'No such patient.', { status: 404 });
    return found;
  }

  async getReminders(patient: RecordRef, asOf: DateValue, options: ReadOptions = {}): Promise<CareReminderList> {
    await simulate(this.simulation, options.signal);
    const reminders = evaluateReminders(this.rules, this.record(patient), asOf);
    return { patient, asOf, reminders: structuredClone(reminders), disclaimer: this.rules.disclaimer };
  }

  async answer(patient: RecordRef, reminderId: string, answer: ReminderAnswer, options: WriteOptions): Promise<ReminderAction> {
    await simulate(this.simulation, options.signal);
    const record = this.record(patient);
    const recorded = localDate((this.options.now ?? (() => new Date()))());
    const toAction = (ref: string): ReminderAction => ({ ref, ruleId: reminderId, recorded, ...answer });
    return this.ledger.write(
      options,
      () => {
        const action = toAction(`Flag/memory-${++this.sequence}`);
        record.actions.push(structuredClone(action));
        return action;
      },
      (earlier) => {
        const revised = toAction(earlier.ref!);
        record.actions = record.actions.map((a) => (a.ref === earlier.ref ? structuredClone(revised) : a));
        return revised;
      },
    );
  }

  /** The next `count` answers are applied and then answered with a `network` error (tests, stories). */
  loseAnswers(count = 1): void {
    this.ledger.loseAnswers(count);
  }

  /** The answers held for a patient (tests, stories: one per intent, whatever its kind). */
  answersOf(patient: RecordRef): ReminderAction[] {
    return structuredClone(this.record(patient).actions);
  }

  private panel(panel: Panel): ReminderRecord[] {
    if ('all' in panel) return [...this.records.values()];
    const ref = 'group' in panel ? panel.group : panel.practitioner;
    const members = this.options.panels?.[ref];
    if (!members) throw new EngageError('not-found', 'No such panel.', { status: 404 });
    return members.map((p) => this.records.get(p)).filter((r): r is ReminderRecord => r !== undefined);
  }

  async worklist(panel: Panel, asOf: DateValue, filter: WorklistFilter = {}, options: ReadOptions = {}): Promise<Worklist> {
    await simulate(this.simulation, options.signal);
    const period = asOf.slice(0, 7);
    const rules = this.rules.rules.map((r) => r.id);
    const remindedOf = (patient: RecordRef) => rules.filter((id) => this.sent.has(reminderKey(patient, id, period)));
    return structuredClone(buildWorklist(this.rules, this.panel(panel), asOf, filter, remindedOf));
  }

  async sendReminders(
    patients: readonly RecordRef[],
    ruleId: string,
    period: string,
    options: SendRemindersOptions = {},
  ): Promise<ReminderSendResult[]> {
    await simulate(this.simulation, options.signal);
    const rule = this.rules.rules.find((r) => r.id === ruleId);
    if (!rule) throw new EngageError('invalid', `No rule ${ruleId}.`);
    if (!this.options.messaging) throw new EngageError('not-configured', 'Reminders need the messaging port.');
    const results = await sendReminderMessages(this.options.messaging, rule, patients, period, options);
    for (const r of results) if (r.ok && r.ref) this.sent.set(reminderKey(r.patient, ruleId, period), r.ref);
    return results;
  }
}

/** Today's calendar date where the user is (`YYYY-MM-DD`). */
function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
