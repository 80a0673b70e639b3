/**
 * Which record statuses count as something done, in one place for every reminder: the
 * rules that look for evidence (`evaluate.ts`) and the open-order follow-up
 * (`follow-up.ts`), so an order is never closed by a record its own rule would not count.
 */

/** Statuses that never count as done: withdrawn, refused, erroneous, or not (yet) happened. */
const NOT_DONE: ReadonlySet<string> = new Set([
  'entered-in-error',
  'cancelled',
  'not-done',
  'stopped',
  'registered',
  'revoked',
  'draft',
  // a procedure being prepared, under way or paused has not been done (yet): counting it
  // would silence the reminder for a test the patient may never finish
  'preparation',
  'in-progress',
  'on-hold',
  // the source does not know whether it happened
  'unknown',
]);

/** Whether a record with this status can stand for something done. */
export const countsAsDone = (status: string | undefined): boolean => !NOT_DONE.has(status ?? '');
