/**
 * The state-registry adapter: HL7 v2.5.1 immunization query responses (`RSP^K11`, CDC's
 * Z32 / Z42 profiles) read into the immunization port's types.
 *
 * ```js
 * import { createRegistryImmunizationPort } from 'ehr-engage/adapters/hl7v2';
 * adapter.immunizations = createRegistryImmunizationPort({
 *   sourceName: 'State Immunization Registry',
 *   // patient ids go in the body, never in a URL
 *   query: (patient, { signal }) =>
 *     fetch('/api/iis-query', { method: 'POST', body: JSON.stringify({ patient }), signal }).then((r) => r.text()),
 * });
 * ```
 */
export { parseHl7Message, unescapeHl7, Hl7Segment } from './parse.js';
export type { Hl7Delimiters, Hl7Field, Hl7Message } from './parse.js';
export { iisResponseToRecord, hl7Date } from './iis-response.js';
export type { IisResponse, IisResponseOptions } from './iis-response.js';
export { createRegistryImmunizationPort } from './registry-port.js';
export type { RegistryImmunizationOptions } from './registry-port.js';
