/**
 * The care-gap worklist across a panel, from records already read: which patients are due
 * or overdue for which rule, counts per rule, and who was reminded this reporting period.
 * Pure, like the evaluator, so every port (and the benchmark) builds it the same way.
 */
import type { CareReminder, ReminderRecord, ReminderRuleSet, Worklist, WorklistFilter, WorklistRow } from '../adapters/ports.js';
import { ageOn, dayOf } from './dates.js';
import { evaluateReminders } from './evaluate.js';

/** The reporting period of a date: its calendar month (`2026-12`). */
export function periodOf(asOf: string): string {
  return asOf.slice(0, 7);
}

/** The reminders of a row that match the filter (due now or overdue, or overdue only). */
function matching(reminders: CareReminder[], filter: WorklistFilter): CareReminder[] {
  return reminders.filter(
    (r) =>
      (r.status === 'overdue' || (!filter.overdueOnly && r.status === 'due-now')) &&
      (filter.ruleId === undefined || r.ruleId === filter.ruleId),
  );
}

/**
 * Builds the worklist. `remindedOf(patient)` lists the rule ids the patient was already
 * reminded about in the period (from the messages the port can see).
 */
export function buildWorklist(
  ruleSet: ReminderRuleSet,
  records: readonly ReminderRecord[],
  asOf: string,
  filter: WorklistFilter = {},
  remindedOf: (patient: string) => readonly string[] = () => [],
): Worklist {
  const day = dayOf(asOf)!;
  const rows: WorklistRow[] = [];
  const counts: Worklist['counts'] = {};
  for (const rule of ruleSet.rules) counts[rule.id] = { due: 0, overdue: 0, reminded: 0 };
  let remindedPatients = 0;
  for (const record of records) {
    const birth = dayOf(record.birthDate);
    const age = birth === undefined ? undefined : ageOn(birth, day);
    if (filter.minAge !== undefined && (age === undefined || age < filter.minAge)) continue;
    if (filter.maxAge !== undefined && (age === undefined || age > filter.maxAge)) continue;
    const reminders = evaluateReminders(ruleSet, record, asOf);
    const reminded = [...new Set(remindedOf(record.patient))];
    if (reminded.length) remindedPatients++;
    for (const ruleId of reminded) {
      const count = counts[ruleId];
      if (count) count.reminded++;
    }
    const seen = new Set<string>();
    for (const r of reminders) {
      const count = counts[r.ruleId];
      if (seen.has(r.ruleId) || !count) continue;
      if (r.status === 'overdue') { count.overdue++; seen.add(r.ruleId); }
      else if (r.status === 'due-now') { count.due++; seen.add(r.ruleId); }
    }
    const due = matching(reminders, filter);
    if (due.length) rows.push({ patient: record.patient, name: record.name, age, due, remindedThisPeriod: reminded });
  }
  const ruleList = ruleSet.rules.map((r) => ({ id: r.id, title: r.title, kind: r.kind }));
  return { asOf, period: periodOf(asOf), rows, counts, remindedThisPeriod: remindedPatients, rules: ruleList };
}
