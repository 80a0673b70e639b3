/**
 * The knowledge-service adapter: HL7 infobutton look-ups (MedlinePlus Connect by default)
 * behind the `knowledge` port. Its own entry, apart from the FHIR adapter, because the
 * knowledge service is another server than the patient record.
 *
 * ```js
 * import { createKnowledgePort } from 'ehr-engage/adapters/infobutton';
 * provider.adapter = { ...fhirAdapter, knowledge: createKnowledgePort() };
 * ```
 */
export { createKnowledgePort } from './knowledge-port.js';
export type { KnowledgePortOptions } from './knowledge-port.js';
export { MEDLINEPLUS_CONNECT, CODE_SYSTEM_OIDS, codeSystemOid, infobuttonParams, infobuttonUrl } from './request.js';
export { infobuttonAge } from '../../core/infobutton-age.js';
export type { RequestOptions } from './request.js';
export { parseKnowledgeFeed, safeHttpUrl } from './response.js';
