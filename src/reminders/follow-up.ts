/**
 * Record-driven follow-up items: open orders (`ServiceRequest` still active with nothing
 * recorded as based on it) and care-plan activities with a scheduled date that are not done.
 * Each open item is its own reminder, titled by the record's own text.
 */
import type { CareReminder, RecordEntry, ReminderAction, ReminderRecord, ReminderRule, ReminderStatus } from '../adapters/ports.js';
import { addDuration, formatDate, type Day } from '../immunization-forecast/dates.js';
import { DECLINE_LASTS, GRACE_PERIOD, dayOf } from './dates.js';
import { countsAsDone } from './record-status.js';

/** Care-plan activity statuses that are still to happen. */
const OPEN_ACTIVITY = new Set(['not-started', 'scheduled', 'in-progress', 'on-hold']);

function openItems(rule: ReminderRule, record: ReminderRecord): RecordEntry[] {
  if (rule.followUp === 'service-request') {
    // only a record that counts as done fulfils the order: a procedure not done, or still
    // being prepared, leaves it open
    const fulfilled = new Set<string>();
    for (const e of record.entries) if (countsAsDone(e.status)) for (const ref of e.basedOn ?? []) fulfilled.add(ref);
    return record.entries.filter((e) => e.type === 'ServiceRequest' && e.status === 'active' && !(e.ref && fulfilled.has(e.ref)));
  }
  return record.entries.filter((e) => e.type === 'CarePlanActivity' && OPEN_ACTIVITY.has(e.status ?? '') && dayOf(e.date) !== undefined);
}

/** One reminder per open item of a follow-up rule, as of `asOf`. */
export function followUpReminders(rule: ReminderRule, record: ReminderRecord, asOf: Day, actions: Map<string, ReminderAction>): CareReminder[] {
  return openItems(rule, record).map((entry) => {
    const id = `${rule.id}:${entry.ref ?? entry.text ?? ''}`;
    const text = entry.text ?? entry.codings.find((c) => c.display)?.display ?? rule.title.en;
    const action = actions.get(id);
    const due = dayOf(entry.date) ?? asOf;
    let status: ReminderStatus = due > asOf ? 'due-later' : asOf >= addDuration(due, GRACE_PERIOD)! ? 'overdue' : 'due-now';
    let dueDate: string | undefined = formatDate(due);
    if (action?.kind === 'not-applicable') status = 'not-applicable';
    else if (action?.kind === 'declined' && asOf < (dayOf(action.until) ?? addDuration(dayOf(action.recorded) ?? asOf, DECLINE_LASTS)!)) status = 'declined';
    else if (action?.kind === 'done-elsewhere') status = 'done-elsewhere-pending';
    else if (action?.kind === 'snoozed' && (dayOf(action.until) ?? 0) > asOf && status !== 'due-later') {
      status = 'due-later';
      dueDate = action.until;
    }
    return {
      id,
      ruleId: rule.id,
      kind: 'follow-up',
      title: { en: text, es: text },
      why: rule.why,
      status,
      dueDate,
      notApplicable: status === 'not-applicable' ? 'marked' : undefined,
      action: action && status !== 'overdue' && status !== 'due-now' ? action : undefined,
      ordered: action?.kind === 'ordered' ? action.recorded : undefined,
      evidence: [{ ref: entry.ref, type: entry.type, date: entry.date, display: text, role: 'applies', ...(entry.security ? { security: entry.security } : {}) }],
      source: rule.source,
      ref: entry.ref,
      ...(entry.security || rule.sensitivity ? { security: [...(rule.sensitivity ?? []), ...(entry.security ?? [])] } : {}),
    } satisfies CareReminder;
  });
}
