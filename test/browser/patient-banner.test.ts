import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/core/provider.js';
import '../../src/elements/patient-banner/patient-banner.js';
import type { EngagePatientBanner } from '../../src/elements/patient-banner/patient-banner.component.js';
import type { EngageProvider } from '../../src/core/provider.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { EngageAdapter, PatientDemographics } from '../../src/adapters/ports.js';
import { EngageError } from '../../src/core/errors.js';
import { toPatientDemographics } from '../../src/adapters/fhir/index.js';
import { applyLocale } from '../../src/core/localization.js';
import { fhirEndpoints, fixture, shadowText, waitFor } from './helpers.js';
import { knownSyntheaPatients } from './synthea.js';

const NOW = new Date(2024, 5, 15, 12);

const maria: PatientDemographics = {
  ref: 'Patient/maria',
  names: [
    { use: 'old', family: 'López', given: ['María'], prefix: [], suffix: [] },
    { use: 'official', family: 'García', given: ['María', 'José'], prefix: ['Sra.'], suffix: [] },
  ],
  birthDate: '1963-03-04',
  sex: 'female',
  identifiers: [{ value: 'MRN-0042', typeCode: 'MR', typeLabel: 'MRN' }],
  mrn: { value: 'MRN-0042', typeCode: 'MR', typeLabel: 'MRN' },
  preferredLanguage: { codings: [{ system: 'urn:ietf:bcp:47', code: 'es' }], text: 'Spanish' },
  allergies: { kind: 'recorded', count: 3, mostSevere: { substance: 'Penicillin', criticality: 'high', severity: 'severe' } },
};

async function banner(adapter: EngageAdapter | undefined, session: Record<string, unknown> = {}) {
  const el = await mount<EngagePatientBanner>(
    html`<engage-patient-banner .adapter=${adapter} .session=${{ patient: 'Patient/maria', now: () => NOW, locale: 'en-US', ...session }}></engage-patient-banner>`,
  );
  return el;
}

/** The banner's label → value pairs, as a screen reader reads the description list. */
function details(el: Element): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const item of el.shadowRoot!.querySelectorAll('dl > div')) {
    pairs[item.querySelector('dt')!.textContent!.trim()] = item.querySelector('dd')!.textContent!.trim();
  }
  return pairs;
}

const ready = (el: EngagePatientBanner) =>
  waitFor(() => el.shadowRoot?.querySelector('[part~="name"], [part~="error"], [part~="not-configured"]'), 'banner content');

describe('<engage-patient-banner>', () => {
  afterEach(() => applyLocale('en'));

  it('shows name, birth date with age, sex, MRN, language and the most serious allergy', async () => {
    const el = await banner(createMemoryAdapter({ patients: [maria] }));
    await ready(el);
    expect(el.shadowRoot!.querySelector('[part~="name"]')!.textContent!.trim()).to.equal('Sra. María José García');
    expect(el.shadowRoot!.querySelector('[role="heading"]')!.getAttribute('aria-level')).to.equal('2');
    expect(details(el)).to.deep.equal({
      Born: 'Mar 4, 1963 (61 years)',
      Sex: 'Female',
      MRN: 'MRN-0042',
      Language: 'Spanish',
    });
    const allergies = el.shadowRoot!.querySelector('[part~="allergies"]')!;
    expect(allergies.textContent!.replace(/\s+/g, ' ')).to.contain('Allergies: 3');
    expect(allergies.textContent).to.contain('Penicillin (high risk, severe reaction)');
    // the warning is not colour alone: an icon and words carry it
    const warning = allergies.querySelector('svg[part~="icon"]');
    expect(warning, 'a warning icon beside the words').to.exist;
    expect(warning!.getAttribute('aria-hidden')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('says an allergy is unconfirmed when the record says so (the Hong Kong IPS: cephalosporins confirmed, seafood unconfirmed)', async () => {
    const bundle = await fixture<{ entry: { resource: Record<string, unknown> }[] }>('fhir-r4/ips/ips-hk-sample-with-medication.json');
    const of = (type: string) => bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === type);
    const [patient] = of('Patient');
    const allergies = of('AllergyIntolerance');
    const unconfirmed = allergies.filter((a) => JSON.stringify(a.verificationStatus).includes('"unconfirmed"'));
    expect(unconfirmed.map((a) => (a.code as { text: string }).text), 'what the source says').to.deep.equal(['Seafood']);
    const withBoth = toPatientDemographics(patient as never, allergies as never);
    const both = await banner(createMemoryAdapter({ patients: [withBoth] }), { patient: withBoth.ref });
    await ready(both);
    const line = () => both.shadowRoot!.querySelector('[part~="allergies"]')!.textContent!.replace(/\s+/g, ' ');
    expect(line()).to.contain(`Allergies: ${allergies.length} (${unconfirmed.length} unconfirmed)`);
    const withSeafood = toPatientDemographics(patient as never, unconfirmed as never);
    const seafoodOnly = await banner(createMemoryAdapter({ patients: [withSeafood] }), { patient: withSeafood.ref });
    await ready(seafoodOnly);
    expect(seafoodOnly.shadowRoot!.querySelector('[part~="allergies"]')!.textContent!.replace(/\s+/g, ' ')).to.contain('Allergies: 1 Seafood (unconfirmed)');
    await expect(seafoodOnly).to.be.accessible();
  });

  it('tells "no known allergies" apart from "allergies not recorded"', async () => {
    const none = await banner(createMemoryAdapter({ patients: [{ ...maria, allergies: { kind: 'none-known' } }] }));
    await ready(none);
    expect(shadowText(none)).to.contain('No known allergies');
    const unrecorded = await banner(createMemoryAdapter({ patients: [{ ...maria, allergies: { kind: 'unrecorded' } }] }));
    await ready(unrecorded);
    expect(shadowText(unrecorded)).to.contain('Allergies not recorded');
    expect(shadowText(unrecorded)).to.not.contain('No known allergies');
    const unknown = await banner(createMemoryAdapter({ patients: [{ ...maria, allergies: undefined }] }));
    await ready(unknown);
    expect(shadowText(unknown)).to.contain('Allergy status could not be loaded.');
  });

  it('uses the sortable FAMILY, Given form for clinicians', async () => {
    const el = await banner(createMemoryAdapter({ patients: [maria] }), { role: 'clinician' });
    await ready(el);
    expect(el.shadowRoot!.querySelector('[part~="name"]')!.textContent!.trim()).to.equal('GARCÍA, María José');
  });

  it('says when a patient has died, and the age at death', async () => {
    const el = await banner(createMemoryAdapter({ patients: [{ ...maria, deceased: '2008-04-14T10:00:00Z' }] }));
    await ready(el);
    expect(shadowText(el)).to.contain('Deceased Apr 14, 2008');
    expect(shadowText(el)).to.contain('(45 years)');
  });

  it('shows a polite loading status while the port answers', async () => {
    const el = await banner(createMemoryAdapter({ patients: [maria], latencyMs: Infinity }));
    const status = await waitFor(() => el.shadowRoot!.querySelector('[part~="loading"]'), 'loading state');
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.textContent).to.contain('Loading patient…');
    await expect(el).to.be.accessible();
  });

  it('shows an error with the server text and retries', async () => {
    let calls = 0;
    const adapter: EngageAdapter = {
      patient: {
        async getPatient() {
          calls++;
          if (calls === 1) throw new EngageError('server', 'boom', { status: 503, details: ['Database is restarting'] });
          return maria;
        },
      },
    };
    const el = await banner(adapter);
    const alert = await waitFor(() => el.shadowRoot!.querySelector('[part~="error"]'), 'error state');
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.contain('Something went wrong on the server.');
    expect(alert.textContent).to.contain('Database is restarting');
    await expect(el).to.be.accessible();
    (el.shadowRoot!.querySelector('[part~="retry-button"]') as HTMLButtonElement).click();
    await waitFor(() => el.shadowRoot!.querySelector('[part~="name"]'), 'patient after retry');
    expect(calls).to.equal(2);
  });

  it('does not offer a retry for errors a retry cannot fix', async () => {
    const el = await banner(createMemoryAdapter({ patients: [] }));
    const alert = await waitFor(() => el.shadowRoot!.querySelector('[part~="error"]'), 'error state');
    expect(alert.textContent).to.contain('This record could not be found.');
    expect(el.shadowRoot!.querySelector('[part~="retry-button"]')).to.equal(null);
  });

  it('says which port is missing, or that no patient is set', async () => {
    const noAdapter = await banner(undefined);
    await ready(noAdapter);
    expect(shadowText(noAdapter)).to.contain('an adapter with a "patient" port');
    const noPort = await banner({});
    await ready(noPort);
    expect(shadowText(noPort)).to.contain('"patient" port');
    const noPatient = await banner(createMemoryAdapter({ patients: [maria] }), { patient: undefined });
    await ready(noPatient);
    expect(shadowText(noPatient)).to.contain('needs a patient');
    await expect(noPatient).to.be.accessible();
  });

  it('speaks Spanish: labels, dates, ages and language names', async () => {
    const el = await banner(createMemoryAdapter({ patients: [maria] }), { locale: 'es-MX' });
    await applyLocale('es-MX');
    await waitFor(() => shadowText(el).includes('Nacimiento'), 'Spanish text');
    expect(details(el)).to.deep.equal({
      Nacimiento: '4 mar 1963 (61 años)',
      Sexo: 'Femenino',
      'N.º de historia': 'MRN-0042',
      Idioma: 'español',
    });
    expect(shadowText(el)).to.contain('Alergias: 3');
    expect(el.shadowRoot!.querySelector('section')!.getAttribute('lang')).to.equal('es-MX');
  });

  it('renders hostile names as text, never markup', async () => {
    const vectors = await fixture<{ payload: string }[]>('sanitizer/owasp-xss-filter-evasion.json');
    let hit = false;
    const saved = window.alert;
    window.alert = () => void (hit = true);
    try {
      for (const { payload } of vectors.slice(0, 40)) {
        const hostile = { ...maria, names: [{ family: payload, given: [payload], prefix: [], suffix: [] }], allergies: { kind: 'recorded' as const, count: 1, mostSevere: { substance: payload } } };
        const el = await banner(createMemoryAdapter({ patients: [hostile] }));
        await ready(el);
        expect(el.shadowRoot!.querySelector('script, img, iframe, svg:not([part~="icon"]):not([part~="illustration"])')).to.equal(null);
        expect(el.shadowRoot!.querySelector('[part~="name"]')!.textContent).to.contain(payload.trim().slice(0, 10));
        el.remove();
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(hit).to.equal(false);
    } finally {
      window.alert = saved;
    }
  });

  it('reflows at 320 px without horizontal scrolling', async () => {
    const wrapper = document.createElement('div');
    wrapper.style.width = '320px';
    document.body.append(wrapper);
    const el = document.createElement('engage-patient-banner');
    el.adapter = createMemoryAdapter({ patients: [maria] });
    el.session = { patient: 'Patient/maria', now: () => NOW };
    wrapper.append(el);
    await ready(el);
    const base = el.shadowRoot!.querySelector('[part~="base"]') as HTMLElement;
    expect(base.scrollWidth).to.be.at.most(320);
    expect(el.getBoundingClientRect().width).to.be.at.most(320);
    wrapper.remove();
  });

  it('fires engage-patient-load with what it shows', async () => {
    const loaded = new Promise<CustomEvent>((resolve) =>
      document.addEventListener('engage-patient-load', (e) => resolve(e as CustomEvent), { once: true }),
    );
    await banner(createMemoryAdapter({ patients: [maria] }));
    const event = await loaded;
    expect(event.detail.patient.ref).to.equal('Patient/maria');
    expect(event.bubbles && event.composed).to.equal(true);
  });

  it('shows a seeded patient from the local FHIR server through <engage-provider fhir-base-url>', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const { known } = await knownSyntheaPatients(['synthea-kermit-trantow-f1a650a5.json']);
    const patient = known[0]!;
    const provider = await mount<EngageProvider>(html`
      <engage-provider fhir-base-url=${fhirUrl} patient=${patient.ref} user-role="clinician" locale="en-US">
        <engage-patient-banner></engage-patient-banner>
      </engage-provider>`);
    const el = provider.querySelector('engage-patient-banner')!;
    await waitFor(() => el.shadowRoot?.querySelector('[part~="name"]'), 'patient from the FHIR server');
    expect(el.shadowRoot!.querySelector('[part~="name"]')!.textContent).to.contain(patient.family.toUpperCase());
    const shown = details(el);
    expect(shown.MRN).to.equal(patient.mrn);
    expect(shown.Language).to.equal('Russian (Russia)');
    expect(shadowText(el)).to.contain(`Allergies: ${patient.allergyCount}`);
    await expect(el).to.be.accessible();
  });

  it('follows the provider when it changes patient', async () => {
    const adapter = createMemoryAdapter({ patients: [maria, { ...maria, ref: 'Patient/other', names: [{ family: 'Other', given: ['Ann'], prefix: [], suffix: [] }] }] });
    const provider = await mount<EngageProvider>(html`
      <engage-provider .adapter=${adapter} patient="Patient/maria"><engage-patient-banner></engage-patient-banner></engage-provider>`);
    const el = provider.querySelector('engage-patient-banner')!;
    await waitFor(() => shadowText(el).includes('García'), 'first patient');
    provider.patient = 'Patient/other';
    await waitFor(() => shadowText(el).includes('Ann Other'), 'second patient');
  });
});
