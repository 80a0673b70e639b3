/**
 * `ehr-engage/adapters/fhir/reminders`: the care-reminder port alone, for a page that uses
 * no other port (`ehr-engage/adapters/fhir` holds them all; see `../port-adapter.ts`).
 */
export { FhirClient } from '../client.js';
export type { FhirClientOptions } from '../client.js';
export { FhirCareReminderPort, createFhirReminders } from '../reminder-port.js';
export type { FhirCareReminderOptions } from '../reminder-port.js';
