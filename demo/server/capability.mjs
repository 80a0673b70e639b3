// @ts-check
/**
 * The CapabilityStatement served at `GET [base]/metadata`. It states only what this server
 * really does (see README.md in this folder), so a client that reads it is not promised
 * operations or search features that would fail.
 */
import { getResourceTypes } from '@medplum/core';

/**
 * Minimal CapabilityStatement. Lists every resource type with the interactions this server
 * really supports, and no operations (none are implemented).
 * @param {string} baseUrl
 * @param {string} date
 */
export function capabilityStatement(baseUrl, date) {
  const interactions = ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'create', 'search-type'];
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    publisher: 'ehr-engage',
    kind: 'instance',
    software: { name: 'ehr-engage demo FHIR server (@medplum/fhir-router 4.5.2, in-memory)' },
    implementation: { description: 'In-memory FHIR R4 server for the ehr-engage demo and tests', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Search supports token, reference, string, uri and date parameters, _sort, _count (default 20, max 1000), _offset, _include, _revinclude, _elements and _summary=count. Chained parameters and number/quantity/composite parameters are rejected with 400 (Prefer: handling=lenient ignores them).',
        resource: getResourceTypes()
          .slice()
          .sort()
          .map((type) => ({
            type,
            interaction: interactions.map((code) => ({ code })),
            versioning: 'versioned-update',
            readHistory: true,
            updateCreate: true,
            conditionalCreate: true,
            conditionalUpdate: true,
            conditionalDelete: 'single',
          })),
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'search-system' }],
        searchParam: [
          { name: '_id', type: 'token' },
          { name: '_lastUpdated', type: 'date' },
          { name: '_count', type: 'number' },
          { name: '_offset', type: 'number' },
          { name: '_sort', type: 'string' },
        ],
      },
    ],
  };
}
