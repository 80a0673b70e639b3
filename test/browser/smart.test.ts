import { expect } from '@open-wc/testing';
import { fromSmartClient, type SmartClientLike } from '../../src/adapters/fhir/index.js';
import { fhirEndpoints } from './helpers.js';
import { knownSyntheaPatients } from './synthea.js';

describe('fromSmartClient()', () => {
  it('reads the launch patient over HTTP with the client’s current token', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const { known } = await knownSyntheaPatients(['synthea-buster-hoeger-ad2e3fc5.json']);
    let refreshes = 0;
    const smart: SmartClientLike = {
      state: { serverUrl: fhirUrl, tokenResponse: { access_token: 'first' } },
      patient: { id: known[0]!.ref.split('/')[1] },
      user: { fhirUser: 'Practitioner/123', resourceType: 'Practitioner' },
      refreshIfNeeded: async () => {
        refreshes++;
        smart.state.tokenResponse = { access_token: `refreshed-${refreshes}` };
      },
    };
    const { adapter, session } = fromSmartClient(smart);
    expect(session).to.deep.equal({ patient: known[0]!.ref, user: { ref: 'Practitioner/123' }, role: 'clinician' });
    const patient = await adapter.patient!.getPatient(session.patient!);
    expect(patient.birthDate).to.equal(known[0]!.birthDate);
    expect(refreshes).to.equal(1);
    expect(JSON.stringify(adapter)).to.not.contain('refreshed-');
  });

  it('maps the launch user type to a role', () => {
    const base = { state: { serverUrl: 'https://ehr.example/fhir' } };
    expect(fromSmartClient({ ...base, user: { fhirUser: 'RelatedPerson/9' } }).session.role).to.equal('caregiver');
    expect(fromSmartClient({ ...base, user: { fhirUser: 'Patient/9' } }).session.role).to.equal('patient');
    expect(fromSmartClient(base).session).to.deep.equal({});
  });
});
