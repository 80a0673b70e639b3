/**
 * Domain types and ports: the whole contract between elements and backends.
 *
 * Elements import only this file (never an adapter); the types live one file per
 * capability in `ports/` and are all re-exported here; adapters implement any subset of
 * the ports over FHIR, over memory, or over a vendor's own API. Nothing here is FHIR:
 * a vendor without a FHIR server can implement a port over plain objects.
 *
 * Conventions that hold for every port:
 * - Every read takes {@link ReadOptions} with an `AbortSignal`; a cancelled read rejects
 *   with an `EngageError` whose code is `aborted`.
 * - Every write takes {@link WriteOptions} with an idempotency key that names the
 *   content: calling the same write again with the same key returns the first result and
 *   creates nothing new; changed content comes with a new key and `replaces` (the earlier
 *   keys), and updates the earlier record if it landed (docs/write-protocol.md).
 * - A write resolves only with what the backend says it stored; anything else rejects.
 * - Every failure rejects with an `EngageError` (see `src/core/errors.ts`).
 * - Dates are kept as ISO strings exactly as the source gave them: a {@link DateValue}
 *   may be a year, a year-month, a date or a date-time, and is formatted by
 *   `src/core/format.ts` without time-zone shifts for date-only values.
 */

export * from './ports/common.js';
export * from './ports/session.js';
export * from './ports/patient.js';
export * from './ports/messaging.js';
export * from './ports/summary.js';
export * from './ports/refills.js';
export * from './ports/decision-aids.js';
export * from './ports/immunizations.js';
export * from './ports/health-tracker.js';
export * from './ports/reminders.js';
export * from './ports/education.js';
export * from './ports/questionnaires.js';
export * from './ports/scheduling.js';
export * from './ports/adapter.js';
