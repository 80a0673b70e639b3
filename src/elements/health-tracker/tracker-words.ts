/**
 * The tracker's words for reading types, units, problems and safety advice, in the
 * active language (call inside a render, or through `localized()`). Written for patients:
 * short sentences, everyday words, no diagnosis — a reading is "very high" or "very low",
 * never a condition.
 */
import type { MealContext, ReadingSource, ReadingType } from '../../adapters/ports.js';
import { msg, str } from '../../core/localization.js';
import type { RowProblem } from './csv-import.js';
import type { SafetyAction, SafetyRule } from './safety.js';
import { unitSymbol } from './units.js';

/** A reading type's name: the built-in ones translated, a host's as the host wrote it. */
export function typeName(type: ReadingType): string {
  switch (type.id) {
    case 'blood-pressure':
      return msg('Blood pressure', { id: 'tracker.type.blood-pressure' });
    case 'pulse':
      return msg('Pulse', { id: 'tracker.type.pulse' });
    case 'weight':
      return msg('Weight', { id: 'tracker.type.weight' });
    case 'glucose':
      return msg('Blood sugar', { id: 'tracker.type.glucose' });
    case 'oxygen':
      return msg('Oxygen level', { id: 'tracker.type.oxygen' });
    case 'steps':
      return msg('Steps', { id: 'tracker.type.steps' });
    default:
      return type.name;
  }
}

/** A panel part's name (systolic, diastolic), or the host's. */
export function partName(code: string, fallback: string): string {
  switch (code) {
    case '8480-6':
      return msg('Top number', { id: 'tracker.part.systolic' });
    case '8462-4':
      return msg('Bottom number', { id: 'tracker.part.diastolic' });
    default:
      return fallback;
  }
}

/** A unit as patients read it. */
export function unitName(code: string): string {
  switch (code) {
    case '/min':
      return msg('beats a minute', { id: 'tracker.unit.per-minute' });
    case '/d':
      return msg('steps a day', { id: 'tracker.unit.per-day' });
    default:
      return unitSymbol(code);
  }
}

export function mealName(meal: MealContext): string {
  switch (meal) {
    case 'fasting':
      return msg('Fasting (no food for 8 hours)', { id: 'tracker.meal.fasting' });
    case 'before-meal':
      return msg('Before a meal', { id: 'tracker.meal.before' });
    case 'after-meal':
      return msg('After a meal', { id: 'tracker.meal.after' });
  }
}

export function sourceName(source: ReadingSource): string {
  return source === 'patient'
    ? msg('You or your caregiver', { id: 'tracker.source.patient' })
    : msg('Clinic', { id: 'tracker.source.clinic' });
}

/** The source as a clinician reads it. */
export function sourceNameClinician(source: ReadingSource): string {
  return source === 'patient'
    ? msg('Patient-reported', { id: 'tracker.source.patient-reported' })
    : msg('Clinic measurement', { id: 'tracker.source.clinic-measured' });
}

export function problemText(problem: RowProblem): string {
  switch (problem) {
    case 'missing-value':
      return msg('Enter a number.', { id: 'tracker.problem.missing' });
    case 'not-a-number':
      return msg('This is not a number.', { id: 'tracker.problem.nan' });
    case 'implausible':
      return msg('This number is out of range. Check it and try again.', { id: 'tracker.problem.implausible' });
    case 'unknown-unit':
      return msg('We do not know this unit.', { id: 'tracker.problem.unit' });
    case 'bad-date':
      return msg('Enter a real date, like 2024-06-15.', { id: 'tracker.problem.date' });
    case 'future-date':
      return msg('The date cannot be after today.', { id: 'tracker.problem.future' });
    case 'wrong-columns':
      return msg('This row needs 4 parts: date, type, value, unit.', { id: 'tracker.problem.columns' });
    case 'unknown-type':
      return msg('We do not know this type of reading.', { id: 'tracker.problem.type' });
  }
}

/** The heading of the alert for a broken rule. */
export function dangerTitle(rule: SafetyRule): string {
  return rule.direction === 'high'
    ? msg('This reading is very high.', { id: 'tracker.danger.high' })
    : msg('This reading is very low.', { id: 'tracker.danger.low' });
}

/** What to do, step by step, in plain words. */
export function dangerSteps(action: SafetyAction, emergencyNumber: string): string[] {
  switch (action) {
    case 'emergency':
      return [
        msg(str`Call ${emergencyNumber} now.`, { id: 'tracker.danger.call-emergency' }),
        msg('Do not drive yourself.', { id: 'tracker.danger.no-drive' }),
      ];
    case 'treat-low-sugar':
      return [
        msg('Eat or drink 15 grams of fast sugar now, like half a cup of juice.', { id: 'tracker.danger.sugar' }),
        msg('Check again in 15 minutes. If it is still low, do this again.', { id: 'tracker.danger.sugar-again' }),
        msg('Call your care team today.', { id: 'tracker.danger.call-team-today' }),
        msg(str`If you feel confused or cannot eat or drink, call ${emergencyNumber}.`, { id: 'tracker.danger.sugar-emergency' }),
      ];
    case 'recheck-then-call':
      return [
        msg('Sit still and rest for 5 minutes. Then check again.', { id: 'tracker.danger.recheck' }),
        msg('If it is still this high, call your care team now.', { id: 'tracker.danger.call-team' }),
        msg(
          str`Call ${emergencyNumber} if you also have chest pain, trouble breathing, back pain, weakness or numbness, trouble seeing, or trouble talking.`,
          { id: 'tracker.danger.bp-emergency' },
        ),
      ];
  }
}
