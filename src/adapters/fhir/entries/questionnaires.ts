/**
 * `ehr-engage/adapters/fhir/questionnaires`: the questionnaire port (forms and their responses) alone, for a page that uses no other port
 * (`ehr-engage/adapters/fhir` holds them all; see `../port-adapter.ts` for why this matters).
 */
import { FhirClient, type FhirClientOptions } from '../client.js';
import { clientOf, type FhirPortAdapter } from '../port-adapter.js';
import { FhirQuestionnairePort } from '../questionnaire-port.js';

export { FhirClient, FhirQuestionnairePort };
export type { FhirClientOptions, FhirPortAdapter };

/** An adapter with only the questionnaire port (forms and their responses). */
export function createFhirQuestionnaires(options: FhirClientOptions | FhirClient): FhirPortAdapter<'questionnaires'> {
  const client = clientOf(options);
  return { client, questionnaires: new FhirQuestionnairePort(client) };
}
