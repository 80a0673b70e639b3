/**
 * `<engage-patient-switcher>` (#18): a caregiver with two patients switches between them;
 * the provider's patient changes and every element follows; the acting user stays the
 * caregiver, and what they write records them as the requester for the patient.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/core/provider.js';
import '../../src/elements/patient-switcher/patient-switcher.js';
import '../../src/elements/patient-banner/patient-banner.js';
import type { EngageProvider } from '../../src/core/provider.component.js';
import type { EngagePatientSwitcher } from '../../src/elements/patient-switcher/patient-switcher.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { FhirClient } from '../../src/adapters/fhir/client.js';
import { FhirPatientPort } from '../../src/adapters/fhir/patient-port.js';
import type { LinkedPatient, PatientDemographics } from '../../src/adapters/ports.js';
import { demoData, fhirEndpoints, shadowText, waitFor } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const NOW = () => new Date(2026, 11, 1, 10);
const person = (ref: string, given: string, birthDate: string): PatientDemographics => ({
  ref,
  names: [{ given: [given], family: 'Gómez', prefix: [], suffix: [], use: 'official' }],
  birthDate,
  identifiers: [],
});
const LINKS: LinkedPatient[] = [
  { patient: 'Patient/lucas', name: 'Lucas Gómez', birthDate: '2011-08-03', actingAs: 'RelatedPerson/ana-for-lucas', relationship: 'Mother' },
  { patient: 'Patient/sofia', name: 'Sofía Gómez', birthDate: '2018-11-04', actingAs: 'RelatedPerson/ana-for-sofia', relationship: 'Mother' },
];

async function family(listed: { count: number } = { count: 0 }) {
  const adapter = createMemoryAdapter({
    patients: [person('Patient/lucas', 'Lucas', '2011-08-03'), person('Patient/sofia', 'Sofía', '2018-11-04')],
    linkedPatients: { 'RelatedPerson/ana-for-lucas': LINKS, 'RelatedPerson/ana-for-sofia': LINKS },
  });
  const list = adapter.patient!.listLinkedPatients!.bind(adapter.patient);
  adapter.patient!.listLinkedPatients = (user, options) => (listed.count++, list(user, options));
  const provider = await mount<EngageProvider>(html`<engage-provider
    .adapter=${adapter}
    patient="Patient/lucas"
    user="RelatedPerson/ana-for-lucas"
    user-name="Ana Gómez"
    user-role="caregiver"
    .now=${NOW}
    ><engage-patient-switcher></engage-patient-switcher><engage-patient-banner></engage-patient-banner
  ></engage-provider>`);
  const switcher = provider.querySelector('engage-patient-switcher')!;
  const banner = provider.querySelector('engage-patient-banner')!;
  await waitFor(() => switcher.shadowRoot?.querySelector('[part~="acting"]'), 'the acting line');
  await waitFor(() => shadowText(banner).includes('Lucas'), 'the banner');
  return { provider, switcher, banner };
}

const radios = (el: EngagePatientSwitcher) => [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"]')];

describe('<engage-patient-switcher>', () => {
  it('says whom the caregiver acts for, and switching moves the provider and every element to the other patient', async () => {
    const { provider, switcher, banner } = await family();
    expect(switcher.shadowRoot!.querySelector('[part~="acting"]')!.textContent!.trim()).to.equal('Ana Gómez, for Lucas Gómez');
    expect(radios(switcher).map((r) => r.checked)).to.deep.equal([true, false]);
    radios(switcher)[1]!.click();
    await waitFor(() => shadowText(banner).includes('Sofía'), 'the banner follows');
    expect(provider.patient).to.equal('Patient/sofia');
    // the acting user is still Ana, now through her own record for Sofía
    expect(provider.user).to.equal('RelatedPerson/ana-for-sofia');
    expect(provider.userName).to.equal('Ana Gómez');
    expect(provider.userRole).to.equal('caregiver');
    await waitFor(() => switcher.shadowRoot!.querySelector('[part~="acting"]')?.textContent?.includes('Sofía'), 'acting line');
    expect(switcher.shadowRoot!.querySelector('[part~="acting"]')!.textContent!.trim()).to.equal('Ana Gómez, for Sofía Gómez');
    await expect(switcher).to.be.accessible();
  });

  it('a switch under the proxy policy keeps the same radios: the list is not read again, the next arrow key is not lost', async () => {
    const listed = { count: 0 };
    const { provider, switcher } = await family(listed);
    const before = radios(switcher);
    expect(listed.count).to.equal(1);
    before[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await waitFor(() => provider.patient === 'Patient/sofia', 'the switch to Sofía');
    await sendKeys({ press: 'ArrowUp' });
    await waitFor(() => provider.patient === 'Patient/lucas', 'the switch back to Lucas');
    // the provider wraps its adapter anew for each patient under the policy: the list stays
    expect(listed.count, 'the caregiver’s list read once').to.equal(1);
    expect(radios(switcher).every((radio, i) => radio === before[i]), 'the same radio nodes').to.equal(true);
  });

  it('switches with the keyboard alone (arrow keys in the radio group)', async () => {
    const { provider, switcher, banner } = await family();
    radios(switcher)[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await waitFor(() => shadowText(banner).includes('Sofía'), 'the banner follows');
    expect(provider.patient).to.equal('Patient/sofia');
    // the same person's list is not reloaded: focus stays in the group and switches back
    await sendKeys({ press: 'ArrowUp' });
    await waitFor(() => shadowText(banner).includes('Lucas'), 'back to Lucas');
    expect(provider.patient).to.equal('Patient/lucas');
  });

  it('a host can cancel the switch', async () => {
    const { provider, switcher } = await family();
    provider.addEventListener('engage-patient-switch', (event) => event.preventDefault());
    radios(switcher)[1]!.click();
    await switcher.updateComplete;
    expect(provider.patient).to.equal('Patient/lucas');
    expect(radios(switcher).map((r) => r.checked)).to.deep.equal([true, false]);
  });

  it('the FHIR patient port lists a caregiver’s patients from the RelatedPerson records that share her identifier', async () => {
    const seed = (await demoData<{ entry: { resource: Json }[] }>('demo-gomez-family.json')).entry.map((e) => e.resource);
    const ana = seed.filter((r) => r.resourceType === 'RelatedPerson');
    const { fhirUrl } = await fhirEndpoints();
    const port = new FhirPatientPort(new FhirClient({ baseUrl: fhirUrl }));
    const linked = await port.listLinkedPatients(`RelatedPerson/${ana[0]!.id}`);
    expect(linked.map((l) => l.patient).sort()).to.deep.equal(ana.map((r) => r.patient.reference).sort());
    expect(linked.map((l) => l.actingAs).sort()).to.deep.equal(ana.map((r) => `RelatedPerson/${r.id}`).sort());
    for (const link of linked) {
      const patient = seed.find((r) => `Patient/${r.id}` === link.patient)!;
      expect(link.name).to.equal(`${patient.name[0].given[0]} ${patient.name[0].family}`);
      expect(link.birthDate).to.equal(patient.birthDate);
      expect(link.relationship).to.equal('Mother');
      const coding = ana.find((r) => `RelatedPerson/${r.id}` === link.actingAs)!.relationship[0].coding[0];
      expect(link.relationshipCode).to.deep.equal({ system: coding.system, code: coding.code, display: coding.display });
    }
  });

  describe('the relationship in the reader’s language', () => {
    /** The switcher over the seeded family, in `locale`, with the links the FHIR port reads (or `links`). */
    async function switcherIn(locale: string, links?: LinkedPatient[]) {
      const seed = (await demoData<{ entry: { resource: Json }[] }>('demo-gomez-family.json')).entry.map((e) => e.resource);
      const ana = seed.find((r) => r.resourceType === 'RelatedPerson')!;
      const { fhirUrl } = await fhirEndpoints();
      const patient = new FhirPatientPort(new FhirClient({ baseUrl: fhirUrl }));
      const el = await mount<EngagePatientSwitcher>(html`<engage-patient-switcher
        .adapter=${{ patient }}
        .patients=${links}
        .session=${{ patient: ana.patient.reference, user: { ref: `RelatedPerson/${ana.id}`, name: 'Ana Gómez' }, role: 'caregiver', locale, now: NOW }}
      ></engage-patient-switcher>`);
      await waitFor(() => el.shadowRoot?.querySelectorAll('.option__details').length, 'the options');
      return { el, code: ana.relationship[0].coding[0].code as string, display: ana.relationship[0].coding[0].display as string };
    }
    const details = (el: HTMLElement) => [...el.shadowRoot!.querySelectorAll('.option__details')].map((d) => d.textContent!.replace(/\s+/g, ' ').trim());

    it('Spanish says "usted es su madre" for the RoleCode MTH the record carries, never the record’s English word', async () => {
      const { el, code, display } = await switcherIn('es');
      expect(code).to.equal('MTH');
      await waitFor(() => details(el).every((d) => d.includes('usted es su madre')), 'the Spanish relationship');
      for (const text of details(el)) expect(text).not.to.contain(display);
      const english = await switcherIn('en-US');
      for (const text of details(english.el)) expect(text).to.contain('you are their mother');
    });

    it('a code it does not know falls back to the record’s words, apart from the sentence and marked with their language', async () => {
      const links: LinkedPatient[] = LINKS.map((l) => ({
        ...l,
        relationship: 'cousin',
        relationshipCode: { system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'COUSN', display: 'cousin' },
      }));
      const { el } = await switcherIn('es', links);
      await waitFor(() => details(el).every((d) => d.includes('Parentesco:')), 'the Spanish label');
      const marked = [...el.shadowRoot!.querySelectorAll('.option__details [lang]')];
      expect(marked.map((m) => [m.getAttribute('lang'), m.textContent])).to.deep.equal(links.map(() => ['en', 'cousin']));
      for (const text of details(el)) expect(text).not.to.contain('usted es su cousin');
      await expect(el).to.be.accessible();
    });
  });
});
