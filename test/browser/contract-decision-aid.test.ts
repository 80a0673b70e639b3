/**
 * The DecisionAidPort contract against the FHIR adapter (over HTTP to the local FHIR
 * server, aids seeded as Library resources from demo/data/demo-decision-aids.json) and
 * the memory adapter (the same aid files).
 */
import { expect } from '@open-wc/testing';
import { createFhirAdapter, type FhirDecisionAidPort } from '../../src/adapters/fhir/index.js';
import { MemoryDecisionAidPort } from '../../src/adapters/memory/index.js';
import { decisionAidPortContract } from './contract/decision-aid-port.js';
import { fhirEndpoints } from './helpers.js';
import { loadAids } from './decision-aid-helpers.js';

decisionAidPortContract('FHIR adapter → local FHIR server over HTTP', async () => {
  const { fhirUrl } = await fhirEndpoints();
  const adapter = createFhirAdapter({ baseUrl: fhirUrl });
  return {
    port: adapter.decisionAids!,
    patient: 'Patient/85',
    storedWithKey: async (key) => {
      const bundle = await adapter.client.search('QuestionnaireResponse', { identifier: `urn:ietf:rfc:3986|urn:uuid:${key}`, _summary: 'count' });
      return bundle.total ?? 0;
    },
  };
});

decisionAidPortContract('memory adapter', async () => {
  const port = new MemoryDecisionAidPort({ aids: loadAids });
  return { port, patient: 'Patient/85', storedWithKey: async (key) => port.writesWithKey(key) };
});

describe('FHIR decision-aid port: publishing an aid as a Library', function () {
  it('publishes once per version (conditional create) and serves the newest version', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const adapter = createFhirAdapter({ baseUrl: fhirUrl });
    const port = adapter.decisionAids as FhirDecisionAidPort;
    const [statin] = (await loadAids()).slice(1) as { id: string; version: string; title: string }[];
    const id = `published-${crypto.randomUUID().slice(0, 8)}`;
    const v1 = { ...statin!, id, version: '1.0.0' };
    const v2 = { ...statin!, id, version: '1.1.0', title: 'Second version' };
    await port.publishAid(v1);
    await port.publishAid(v1);
    await port.publishAid(v2);
    const libraries = await adapter.client.search('Library', { url: `https://ehr-engage.dev/fhir/Library/decision-aid/${id}` });
    expect(libraries.entry?.length, 'one Library per version').to.equal(2);
    const aid = await port.getAid(id);
    expect(aid.version).to.equal('1.1.0');
    expect((aid.content as { title: string }).title).to.equal('Second version');
    expect((await port.listAids()).find((a) => a.id === id)?.version).to.equal('1.1.0');
  });
});
