/**
 * Refill eligibility: which way a prescription can be requested online, and why.
 *
 * Pure functions over the domain {@link Prescription} (no DOM, no clock, no network),
 * so every rule is tested directly over plain objects and over fixture prescriptions.
 *
 * Each prescription falls into one of three categories:
 *
 * - **refill** — refills remain and the prescription is still valid: the request goes
 *   to the pharmacy.
 * - **renewal** — no refills left, the prescription has expired, or it does not say how
 *   many refills it allows: the request goes to the prescriber, who decides.
 * - **unavailable** — not requestable online, with the reason shown to the user:
 *   a controlled substance, a medicine the record does not name, a request already
 *   pending, too early to refill, not yet valid, or not an active prescription.
 *
 * The rules, checked in this order (the first that applies wins):
 *
 * 0. An order NOT to give the medicine (`doNotPerform`) → unavailable (`do-not-perform`),
 *    whatever its status: it is never a prescription to refill.
 * 1. Not `active` → unavailable (`inactive`).
 * 2. A controlled substance (the host's rule, else the adapter's `controlled` flag) →
 *    unavailable (`controlled`): these need a call or a visit in most jurisdictions.
 * 2a. A medicine without a name (no text, no coding display: a reference the reader could
 *    not resolve) → unavailable (`unnamed`): nobody can tell whether it is controlled, and
 *    the patient cannot tell what they would be asking for.
 * 2b. Given only in hospital (inpatient category, an intravenous infusion) → unavailable
 *    (`inpatient-only`).
 * 3. A request for it is pending → unavailable (`pending`); one was approved after the
 *    last fill, within the fill's days of supply (at least a week) → unavailable
 *    (`approved`): the pharmacy is preparing it, and asking again would double it.
 * 4. Its validity period starts after today → unavailable (`not-started`).
 * 5. Its validity period ended before today → renewal (`expired`). When no validity
 *    period is recorded, a prescription is taken to be valid for `defaultValidityDays`
 *    (365) from the date it was written, the common rule for non-controlled
 *    prescriptions in US states.
 * 5a. The number of refills is not stated (FHIR `numberOfRepeatsAllowed` absent: in R4
 *    that means not stated, not zero — every Synthea order) → renewal
 *    (`refills-not-stated`): the patient may ask and the prescriber decides, as for the
 *    other facts the record leaves unknown (5b: whether the one fill was picked up). Not a
 *    refill: nothing says one remains; not unavailable: nothing says none does.
 * 5b. No refills authorised and no fill recorded → renewal (`no-refills-authorised`):
 *    whether the one fill it allowed was ever picked up is unknown, so the prescriber
 *    decides — never "ready to refill · 0 refills left".
 * 6. Every fill has been used → renewal (`no-refills-left`). Fills allowed are the
 *    first fill plus `refillsAllowed` (FHIR `numberOfRepeatsAllowed`); fills used are
 *    the recorded dispenses.
 * 7. The last fill's supply is not yet mostly used → unavailable (`too-early`), with the
 *    next eligible date: last fill date + `refillWindow` (0.75) × days of supply,
 *    rounded up — most pharmacy benefit plans allow a refill once about three quarters
 *    of the supply has passed.
 * 8. Otherwise → refill (`refills-remain`).
 *
 * Dates are calendar dates (`YYYY-MM-DD`): a date-time is taken at the calendar date it
 * was written with, and `today` is the caller's local calendar date, so nothing shifts
 * by a day with the viewer's time zone.
 */
import type { DateValue, Prescription } from '../../adapters/ports.js';
import { addDays, calendarDayOf, viewerDayOf } from '../../core/calendar-date.js';
import { namedText } from '../../core/format.js';

// the date arithmetic is the core's; kept exported here, where the public API has always had it
export { addDays, calendarDayOf as calendarToday };

/** Where a request for the prescription goes, if anywhere. */
export type RefillCategory = 'refill' | 'renewal' | 'unavailable';

/** Why a prescription is in its category. */
export type EligibilityReason =
  | 'refills-remain'
  | 'expired'
  | 'no-refills-left'
  | 'inactive'
  | 'controlled'
  | 'pending'
  | 'approved'
  | 'not-started'
  | 'too-early'
  | 'do-not-perform'
  | 'inpatient-only'
  | 'no-refills-authorised'
  | 'refills-not-stated'
  | 'unnamed';

/** A host's rule for controlled substances: `true`/`false` decides, `undefined` defers to the adapter. */
export type ControlledRule = (prescription: Prescription) => boolean | undefined;

/** The outcome for one prescription, with the facts shown beside it. */
export interface Eligibility {
  category: RefillCategory;
  reason: EligibilityReason;
  /** Refills allowed after the first fill; `undefined` when the prescription does not say. */
  refillsAllowed?: number;
  /** Refills used: dispenses after the first fill. */
  refillsUsed: number;
  /** Refills still available (0 when none); `undefined` when the number allowed is not stated. */
  refillsRemaining?: number;
  /** Date of the latest dispense, as a calendar date. */
  lastFilled?: string;
  /** The first date a request may be made, when it is in the future (`too-early`, `not-started`). */
  nextEligible?: string;
  /** The last date the prescription is valid, as recorded or assumed. */
  validUntil?: string;
  /** Whether `validUntil` was assumed from the written date (no validity period recorded). */
  validUntilAssumed: boolean;
  /** The id of the pending request (`pending`). */
  pendingRequest?: string;
  /** When the latest request was approved (`approved`). */
  approvedOn?: string;
}

export interface EligibilityOptions {
  /** Today's calendar date, `YYYY-MM-DD` (`calendarToday(now)`, the core's `calendarDayOf`). */
  today: string;
  /** The host's controlled-substance rule; default: the prescription's `controlled` flag. */
  isControlled?: ControlledRule;
  /** Fraction of the days' supply that must pass before a refill; default 0.75. */
  refillWindow?: number;
  /** Validity assumed when none is recorded, in days from the written date; default 365. */
  defaultValidityDays?: number;
  /** The latest approval date of a request, by prescription id (from the request history). */
  approvals?: Readonly<Record<string, DateValue>>;
}

/** The calendar date part of a FHIR date or date-time (`2024-05-01T23:30:00-04:00` → `2024-05-01`). */
export function calendarDate(value: DateValue | undefined): string | undefined {
  const match = typeof value === 'string' ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value) : null;
  if (!match) return undefined;
  // a month or day out of range is not a date (and must not reach date arithmetic)
  if ((match[2] && (+match[2] < 1 || +match[2] > 12)) || (match[3] && (+match[3] < 1 || +match[3] > 31))) return undefined;
  // a partial date is taken at its earliest day
  return `${match[1]}-${match[2] ?? '01'}-${match[3] ?? '01'}`;
}

/** The latest dispense's calendar date. */
function lastDispense(prescription: Prescription): { date: string; daysSupply?: number } | undefined {
  let latest: { date: string; daysSupply?: number } | undefined;
  for (const dispense of prescription.dispenses ?? []) {
    const date = calendarDate(dispense.date);
    if (date && (!latest || date > latest.date)) latest = { date, daysSupply: dispense.daysSupply };
  }
  return latest;
}

/** Whether the prescription counts as a controlled substance under the host's rule or the adapter's flag. */
export function isControlledSubstance(prescription: Prescription, rule?: ControlledRule): boolean {
  return rule?.(prescription) ?? prescription.controlled === true;
}

/** Decides the category of one prescription. */
export function eligibilityOf(prescription: Prescription, options: EligibilityOptions): Eligibility {
  const today = options.today;
  const stated = prescription.refillsAllowed;
  const refillsAllowed = typeof stated === 'number' && Number.isFinite(stated) ? Math.max(0, Math.floor(stated)) : undefined;
  const fillsUsed = (prescription.dispenses ?? []).filter((dispense) => calendarDate(dispense.date)).length;
  const refillsUsed = Math.max(0, fillsUsed - 1);
  const fillsLeft = (refillsAllowed ?? 0) + 1 - fillsUsed;
  const refillsRemaining = refillsAllowed === undefined ? undefined : Math.max(0, Math.min(refillsAllowed, fillsLeft));
  const last = lastDispense(prescription);
  const validFrom = calendarDate(prescription.validFrom);
  const recordedEnd = calendarDate(prescription.validUntil);
  const written = calendarDate(prescription.authoredOn);
  const validUntil =
    recordedEnd ?? (written ? addDays(written, options.defaultValidityDays ?? 365) : undefined);
  const base = {
    refillsAllowed,
    refillsUsed,
    refillsRemaining,
    lastFilled: last?.date,
    validUntil,
    validUntilAssumed: !recordedEnd && validUntil !== undefined,
  };

  if (prescription.doNotPerform) return { ...base, category: 'unavailable', reason: 'do-not-perform' };
  if (prescription.status !== 'active') return { ...base, category: 'unavailable', reason: 'inactive' };
  if (isControlledSubstance(prescription, options.isControlled)) {
    return { ...base, category: 'unavailable', reason: 'controlled' };
  }
  // a request already waiting says so before the medicine's name is missed
  if (prescription.pendingRequest) {
    return { ...base, category: 'unavailable', reason: 'pending', pendingRequest: prescription.pendingRequest };
  }
  if (!namedText(prescription.medication)) return { ...base, category: 'unavailable', reason: 'unnamed' };
  if (prescription.inpatientOnly) return { ...base, category: 'unavailable', reason: 'inpatient-only' };
  // an approval is a moment (stamped in UTC, often): the day it falls on for the viewer, as "today" is
  const approval = options.approvals?.[prescription.id];
  const approvedOn = calendarDate(typeof approval === 'string' ? viewerDayOf(approval) : approval);
  const supply = last?.daysSupply ?? prescription.daysSupply ?? 0;
  if (approvedOn && (!last || approvedOn >= last.date) && addDays(approvedOn, Math.max(7, Math.ceil(supply))) > today) {
    return { ...base, category: 'unavailable', reason: 'approved', approvedOn };
  }
  if (validFrom && validFrom > today) {
    return { ...base, category: 'unavailable', reason: 'not-started', nextEligible: validFrom };
  }
  if (validUntil && validUntil < today) return { ...base, category: 'renewal', reason: 'expired' };
  // not stated is not zero: the patient may ask, the prescriber decides (rule 5a)
  if (refillsAllowed === undefined) return { ...base, category: 'renewal', reason: 'refills-not-stated' };
  if (refillsAllowed === 0 && fillsUsed === 0) return { ...base, category: 'renewal', reason: 'no-refills-authorised' };
  if (fillsLeft <= 0) return { ...base, category: 'renewal', reason: 'no-refills-left' };
  const daysSupply = last?.daysSupply ?? prescription.daysSupply;
  if (last && daysSupply && daysSupply > 0) {
    const nextEligible = addDays(last.date, Math.ceil(daysSupply * (options.refillWindow ?? 0.75)));
    if (nextEligible > today) return { ...base, category: 'unavailable', reason: 'too-early', nextEligible };
  }
  return { ...base, category: 'refill', reason: 'refills-remain' };
}

/** A prescription with its eligibility. */
export interface Classified {
  prescription: Prescription;
  eligibility: Eligibility;
}

/**
 * Classifies the active prescriptions (others are left out) into the three categories,
 * each sorted by medication name as given.
 */
export function classify(
  prescriptions: readonly Prescription[],
  options: EligibilityOptions,
  nameOf: (prescription: Prescription) => string = (p) => p.medication.text ?? p.medication.codings[0]?.display ?? '',
): Record<RefillCategory, Classified[]> {
  const groups: Record<RefillCategory, Classified[]> = { refill: [], renewal: [], unavailable: [] };
  for (const prescription of prescriptions) {
    if (prescription.status !== 'active') continue;
    const eligibility = eligibilityOf(prescription, options);
    groups[eligibility.category].push({ prescription, eligibility });
  }
  for (const list of Object.values(groups)) {
    list.sort((a, b) => nameOf(a.prescription).localeCompare(nameOf(b.prescription)));
  }
  return groups;
}
