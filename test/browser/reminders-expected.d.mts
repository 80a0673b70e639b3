/** Types of ./reminders-expected.mjs (shared by browser and node tests). */
import type { ReminderRuleSet } from '../../src/adapters/ports.js';

/** One expected reminder: its English title, status, and the day that goes with the status. */
export interface ExpectedReminder {
  title: string;
  status: 'done' | 'due-now' | 'overdue' | 'due-later' | 'not-applicable';
  dueDate?: string;
  lastDone?: string;
}
/** `[bundle file from the repository root, as-of dates]` per fixture patient. */
export declare const REMINDER_FIXTURES: [string, string[]][];
export declare function expectedReminders(rules: ReminderRuleSet, resources: readonly Record<string, unknown>[], asOf: string): Record<string, ExpectedReminder>;
