/**
 * Care-reminder evaluation: (rule set, patient record, as-of date) → one reminder per rule.
 * Pure: no DOM, no I/O, no clock (the as-of date is an argument), so the same code runs in
 * the element, the ports, the worklist and node tests.
 *
 * Dates are calendar days (`src/immunization-forecast/dates.ts`): a date-time in the record
 * counts on the calendar day it states (its first ten characters, in the source's own
 * offset), so no viewer's time zone ever moves a record across a day, a look-back or a
 * birthday.
 */
import type {
  CareReminder,
  Coding,
  NotApplicableReason,
  RecordEntry,
  ReminderAction,
  ReminderEvidence,
  ReminderFinding,
  ReminderRecord,
  ReminderRule,
  ReminderRuleSet,
  ReminderStatus,
} from '../adapters/ports.js';
import { addDuration, formatDate, type Day } from '../immunization-forecast/dates.js';
import { DECLINE_LASTS, GRACE_PERIOD, UPCOMING_WINDOW, ageOn, birthday, dayOf } from './dates.js';
import { followUpReminders } from './follow-up.js';
import { countsAsDone } from './record-status.js';

export { DECLINE_LASTS, GRACE_PERIOD, UPCOMING_WINDOW, ageOn, birthday, dayOf } from './dates.js';

/** At most this many records per rule are kept as evidence (newest first). */
const EVIDENCE_LIMIT = 6;


/** A rule set prepared for fast lookups: code → code-set ids. */
interface Compiled {
  sets: Map<string, Set<string>>;
}

const compiled = new WeakMap<ReminderRuleSet, Compiled>();

function compile(ruleSet: ReminderRuleSet): Compiled {
  let c = compiled.get(ruleSet);
  if (c) return c;
  const sets = new Map<string, Set<string>>();
  for (const [id, set] of Object.entries(ruleSet.codeSets ?? {})) {
    for (const coding of set.codes ?? []) {
      const key = `${coding.system}|${coding.code}`;
      let ids = sets.get(key);
      if (!ids) sets.set(key, (ids = new Set()));
      ids.add(id);
    }
  }
  compiled.set(ruleSet, (c = { sets }));
  return c;
}

function inSet(c: Compiled, codings: readonly Coding[] | undefined, setId: string): boolean {
  return (codings ?? []).some((coding) => c.sets.get(`${coding.system}|${coding.code}`)?.has(setId) === true);
}

/** A record entry with its calendar day, read once per evaluation. */
interface Dated {
  entry: RecordEntry;
  day: Day | undefined;
}

/** The record's entries by code set: each rule then looks only at the entries coded in its sets. */
type RecordIndex = Map<string, Dated[]>;

function indexRecord(c: Compiled, record: ReminderRecord): RecordIndex {
  const index: RecordIndex = new Map();
  for (const entry of record.entries ?? []) {
    const dated: Dated = { entry, day: dayOf(entry.date) };
    const sets = new Set<string>();
    for (const coding of entry.codings ?? []) for (const id of c.sets.get(`${coding.system}|${coding.code}`) ?? []) sets.add(id);
    for (const id of sets) {
      let list = index.get(id);
      if (!list) index.set(id, (list = []));
      list.push(dated);
    }
  }
  return index;
}

function displayOf(entry: RecordEntry): string {
  return entry.text ?? entry.codings.find((c) => c.display)?.display ?? entry.codings[0]?.code ?? entry.type;
}

function evidenceOf(entry: RecordEntry, role: ReminderEvidence['role']): ReminderEvidence {
  return { ref: entry.ref, type: entry.type, date: entry.date, display: displayOf(entry), role, ...(entry.security ? { security: entry.security } : {}) };
}

/** The latest answer per rule (answers are appended; a later one replaces an earlier one). */
function latestActions(actions: readonly ReminderAction[]): Map<string, ReminderAction> {
  const byRule = new Map<string, ReminderAction>();
  for (const action of actions) {
    const earlier = byRule.get(action.ruleId);
    if (!earlier || (dayOf(action.recorded) ?? 0) >= (dayOf(earlier.recorded) ?? 0)) byRule.set(action.ruleId, action);
  }
  return byRule;
}

/** Whether the patient had died by `asOf`. */
function deceasedBy(record: ReminderRecord, asOf: Day): boolean {
  if (record.deceased === true) return true;
  const day = dayOf(record.deceased);
  return day !== undefined && day <= asOf;
}

/** Whether one finding holds on `asOf`, and the records that show it. */
function findingHolds(c: Compiled, finding: ReminderFinding, index: RecordIndex, asOf: Day): RecordEntry[] | undefined {
  // Durations in rules are single terms (`15 years`, schema-checked), so negating the number negates the period.
  const since = finding.within ? addDuration(asOf, `-${finding.within.trim()}`) : undefined;
  let candidates = (index.get(finding.codeSet) ?? []).filter(({ entry: e, day }) => {
    if (e.type !== 'Observation' || !countsAsDone(e.status)) return false;
    return day === undefined ? !finding.within && !finding.latest : day <= asOf && (since === undefined || day >= since);
  });
  if (finding.latest) {
    candidates = [...candidates].sort((a, b) => (b.day ?? 0) - (a.day ?? 0)).slice(0, 1);
  }
  const holding = candidates.map((d) => d.entry).filter(
    (e) =>
      (finding.valueCodeSet === undefined || inSet(c, e.valueCodings, finding.valueCodeSet)) &&
      (finding.minValue === undefined || (typeof e.value === 'number' && e.value >= finding.minValue)),
  );
  return holding.length ? holding : undefined;
}

/** Who the rule applies to: undefined when it applies, else why not; plus the day it started to apply. */
function applicability(
  c: Compiled,
  rule: ReminderRule,
  record: ReminderRecord,
  index: RecordIndex,
  asOf: Day,
  evidence: ReminderEvidence[],
): { notApplicable?: NotApplicableReason; startsOn?: Day; since?: Day } {
  const a = rule.appliesTo ?? {};
  const birth = dayOf(record.birthDate);
  let since: Day | undefined = a.minAge !== undefined && birth !== undefined ? birthday(birth, a.minAge) : birth;
  if (a.sexAtBirth?.length && !a.sexAtBirth.includes(record.sexAtBirth as 'female' | 'male')) return { notApplicable: 'sex' };
  const conditions = (setId: string) =>
    (index.get(setId) ?? [])
      .filter(({ entry: e, day }) => e.type === 'Condition' && !e.inactive && countsAsDone(e.status) && (day ?? asOf) <= asOf)
      .map((d) => d.entry);
  for (const setId of a.conditionsAbsent ?? []) {
    const found = conditions(setId);
    if (found.length) {
      evidence.push(...found.map((e) => evidenceOf(e, 'excludes')));
      return { notApplicable: 'condition' };
    }
  }
  if (a.conditionsPresent?.length) {
    const found = [...new Set(a.conditionsPresent.flatMap((setId) => conditions(setId)))];
    if (!found.length) return { notApplicable: 'condition' };
    evidence.push(...found.map((e) => evidenceOf(e, 'applies')));
    const onset = Math.min(...found.map((e) => dayOf(e.date) ?? asOf));
    since = since === undefined ? onset : Math.max(since, onset);
  }
  for (const finding of a.findings ?? []) {
    const shown = findingHolds(c, finding, index, asOf);
    if (!shown) return { notApplicable: 'finding' };
    evidence.push(...shown.slice(-1).map((e) => evidenceOf(e, 'applies')));
  }
  if (a.minAge !== undefined || a.maxAge !== undefined) {
    if (birth === undefined) return { notApplicable: 'age' };
    const age = ageOn(birth, asOf);
    if (a.maxAge !== undefined && age > a.maxAge) return { notApplicable: 'age' };
    if (a.minAge !== undefined && age < a.minAge) {
      const startsOn = birthday(birth, a.minAge);
      return { notApplicable: 'age', startsOn };
    }
  }
  return { since };
}

/** The reminder for one coded rule. */
function evaluateRule(
  c: Compiled,
  rule: ReminderRule,
  record: ReminderRecord,
  index: RecordIndex,
  asOf: Day,
  action: ReminderAction | undefined,
): CareReminder {
  const evidence: ReminderEvidence[] = [];
  const base = {
    id: rule.id,
    ruleId: rule.id,
    kind: rule.kind,
    title: rule.title,
    why: rule.why,
    source: rule.source,
    ...(rule.intervalSource ? { intervalSource: rule.intervalSource } : {}),
    decisionAid: rule.decisionAid,
    evidence,
    ...(rule.sensitivity ? { security: rule.sensitivity } : {}),
  };
  const result = (status: ReminderStatus, extra: Partial<CareReminder> = {}): CareReminder => ({ ...base, status, ...extra });

  if (deceasedBy(record, asOf)) return result('not-applicable', { notApplicable: 'deceased' });
  if (action?.kind === 'not-applicable') return result('not-applicable', { notApplicable: 'marked', action });
  const applies = applicability(c, rule, record, index, asOf, evidence);
  if (applies.notApplicable) {
    const upcoming = applies.startsOn !== undefined && applies.startsOn <= addDuration(asOf, UPCOMING_WINDOW)!;
    return upcoming
      ? result('due-later', { dueDate: formatDate(applies.startsOn!) })
      : result('not-applicable', { notApplicable: applies.notApplicable });
  }

  const birth = dayOf(record.birthDate);
  const age = birth === undefined ? undefined : ageOn(birth, asOf);
  let best: { entry: RecordEntry; day: Day; next: Day; label: ReminderRule['satisfiedBy'][number]['label'] } | undefined;
  let last: { entry: RecordEntry; day: Day; label: ReminderRule['satisfiedBy'][number]['label'] } | undefined;
  let lapsed: Day | undefined;
  const seen: { entry: RecordEntry; day: Day; satisfies: boolean }[] = [];
  for (const way of rule.satisfiedBy) {
    if (way.minAge !== undefined && (age === undefined || age < way.minAge)) continue;
    if (way.maxAge !== undefined && (age === undefined || age > way.maxAge)) continue;
    const types = new Set(way.resourceTypes);
    for (const { entry, day } of index.get(way.codeSet) ?? []) {
      if (!types.has(entry.type) || entry.pendingReview || !countsAsDone(entry.status)) continue;
      if (day === undefined || day > asOf) continue;
      const next = rule.once || !way.lookBack ? Number.POSITIVE_INFINITY : addDuration(day, way.lookBack)!;
      const satisfies = next > asOf;
      seen.push({ entry, day, satisfies });
      if (satisfies && (!best || next > best.next || (next === best.next && day > best.day))) best = { entry, day, next, label: way.label };
      if (!satisfies) lapsed = lapsed === undefined ? next : Math.max(lapsed, next);
      if (!last || day > last.day) last = { entry, day, label: way.label };
    }
  }
  seen.sort((a, b) => b.day - a.day);
  const kept = new Set<RecordEntry>();
  for (const s of seen) {
    if (kept.has(s.entry) || kept.size >= EVIDENCE_LIMIT) continue;
    kept.add(s.entry);
    evidence.push(evidenceOf(s.entry, s.satisfies ? 'satisfies' : 'expired'));
  }
  const lastDone = last && { date: last.entry.date!, what: last.label, ref: last.entry.ref };
  const ordered = action?.kind === 'ordered' ? action.recorded : undefined;

  if (best) {
    return result('done', {
      lastDone: { date: best.entry.date!, what: best.label, ref: best.entry.ref },
      dueDate: Number.isFinite(best.next) ? formatDate(best.next) : undefined,
    });
  }
  if (action?.kind === 'declined') {
    const until = dayOf(action.until) ?? addDuration(dayOf(action.recorded) ?? asOf, DECLINE_LASTS)!;
    if (asOf < until) return result('declined', { action, lastDone });
  }
  if (action?.kind === 'done-elsewhere') {
    evidence.unshift({ ref: action.ref, type: 'ReminderAction', date: action.performed, display: action.where ?? '', role: 'reported' });
    return result('done-elsewhere-pending', { action, lastDone: { date: action.performed ?? action.recorded, what: action.where ?? '', ref: action.ref } });
  }
  if (action?.kind === 'snoozed') {
    const until = dayOf(action.until);
    if (until !== undefined && until > asOf) return result('due-later', { action, dueDate: formatDate(until), lastDone });
  }
  const start = applies.since ?? asOf;
  const due = lapsed === undefined ? start : Math.max(start, lapsed);
  const overdue = asOf >= addDuration(due, GRACE_PERIOD)!;
  return result(overdue ? 'overdue' : 'due-now', { dueDate: formatDate(due), lastDone, ordered });
}

/** Display order: what needs action first (overdue oldest first), then pending, a record to check, later, declined, done, not applicable. */
const ORDER: Record<ReminderStatus, number> = {
  overdue: 0,
  'due-now': 1,
  'done-elsewhere-pending': 2,
  // not known to be due, but the record needs a check now: before what is due on a later date
  unknown: 3,
  'due-later': 4,
  declined: 5,
  done: 6,
  'not-applicable': 7,
};

/** Sorts reminders for display (stable within a status by due date). */
export function sortReminders(reminders: CareReminder[]): CareReminder[] {
  return reminders.sort((a, b) => ORDER[a.status] - ORDER[b.status] || (a.dueDate ?? '').localeCompare(b.dueDate ?? ''));
}

/**
 * Evaluates every rule of `ruleSet` for `record` on `asOf` (`YYYY-MM-DD`): one reminder per
 * coded rule, plus one per open order or scheduled care-plan activity for the record-driven
 * follow-up rules. Returned in display order ({@link sortReminders}).
 */
export function evaluateReminders(ruleSet: ReminderRuleSet, record: ReminderRecord, asOf: string): CareReminder[] {
  const day = dayOf(asOf);
  if (day === undefined) throw new RangeError(`Not a date: ${asOf}`);
  const c = compile(ruleSet);
  const actions = latestActions(record.actions ?? []);
  const index = indexRecord(c, record);
  const out: CareReminder[] = [];
  for (const rule of ruleSet.rules ?? []) {
    if (rule.followUp) {
      if (!deceasedBy(record, day)) out.push(...followUpReminders(rule, record, day, actions));
    } else {
      out.push(evaluateRule(c, rule, record, index, day, actions.get(rule.id)));
    }
  }
  return sortReminders(out);
}
