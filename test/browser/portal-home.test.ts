/**
 * `<engage-portal-home>`'s cards for care reminders, upcoming visits and education to read
 * (#18: the home page shows what needs attention from every element): each counts from its
 * port, links to its page, speaks Spanish, and says "not offered" without its port.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/portal-home/portal-home.js';
import type { EngageAdapter } from '../../src/adapters/ports.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { recordFromResources } from '../../src/adapters/fhir/mapping/immunization.js';
import { fixture, shadowText, waitFor } from './helpers.js';

const PATIENT = 'Patient/home-1';
/** The clock: 1 December 2026, 10:00 local time. */
const NOW = () => new Date(2026, 11, 1, 10);

/* eslint-disable @typescript-eslint/no-explicit-any */
/** Three due or overdue reminders among five; two booked visits ahead and one pending (a time set, not yet confirmed), one past, one cancelled; one unread material of two. */
const reminders = ['due-now', 'overdue', 'due-later', 'done', 'overdue'].map((status, i) => ({ id: `r${i}`, status }));
const visits = [
  { id: 'a1', status: 'booked', start: '2026-12-08T09:00:00-05:00' },
  { id: 'a2', status: 'booked', start: '2027-01-15T14:30:00-05:00' },
  { id: 'a3', status: 'fulfilled', start: '2026-11-02T09:00:00-05:00' },
  { id: 'a4', status: 'cancelled', start: '2026-12-20T09:00:00-05:00' },
  { id: 'a5', status: 'requested' },
  { id: 'a6', status: 'pending', start: '2026-12-10T11:00:00-05:00' },
];
const materials = [
  { id: 'm1', title: 'Asthma action plan' },
  { id: 'm2', title: 'Inhaler technique', readAt: '2026-11-20' },
];

const adapter = (): EngageAdapter =>
  ({
    reminders: { getReminders: async () => ({ patient: PATIENT, asOf: '2026-12-01', reminders }) },
    scheduling: { listAppointments: async () => visits },
    education: { listAssigned: async () => materials },
  }) as any;

const expected = {
  reminders: reminders.filter((r) => r.status === 'due-now' || r.status === 'overdue').length,
  visits: visits.filter((v) => (v.status === 'booked' || v.status === 'pending') && v.start && Date.parse(v.start) >= NOW().getTime()).length,
  toRead: materials.filter((m) => !m.readAt).length,
};

async function home(locale: string, withAdapter = adapter()) {
  const el = await mount<HTMLElement>(
    html`<engage-portal-home .adapter=${withAdapter} .session=${{ patient: PATIENT, role: 'patient', locale, now: NOW }}></engage-portal-home>`,
  );
  await waitFor(() => el.shadowRoot?.querySelector('.cards'), 'the cards');
  return el;
}

const card = (el: HTMLElement, key: string) => el.shadowRoot!.querySelector<HTMLAnchorElement>(`.card--${key}`)!;

describe('<engage-portal-home>: reminders, visits and education', () => {
  it('counts what is due, what is coming up and what is unread, each linking to its page', async () => {
    expect(expected).to.deep.equal({ reminders: 3, visits: 3, toRead: 1 });
    const el = await home('en-US');
    expect(card(el, 'reminders').textContent).to.contain(`${expected.reminders} checkups or tests are due.`);
    expect(card(el, 'appointments').textContent).to.contain(`${expected.visits} visits are coming up.`);
    expect(card(el, 'education').textContent).to.contain('Your care team sent you 1 thing to read.');
    expect(card(el, 'reminders').getAttribute('href')).to.equal('#reminders');
    expect(card(el, 'appointments').getAttribute('href')).to.equal('#appointments');
    expect(card(el, 'education').getAttribute('href')).to.equal('#education');
    // the count badge shows where something waits
    for (const key of ['reminders', 'appointments', 'education']) expect(card(el, key).classList.contains('card--attention'), key).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('in Spanish', async () => {
    const el = await home('es');
    // the Spanish strings load on first use
    await waitFor(() => card(el, 'reminders').textContent?.includes('Cuidados'), 'Spanish');
    expect(card(el, 'reminders').textContent).to.contain(`Le tocan ${expected.reminders} chequeos o pruebas.`);
    expect(card(el, 'appointments').textContent).to.contain(`Tiene ${expected.visits} citas próximas.`);
    expect(card(el, 'education').textContent).to.contain('Su equipo de atención le envió 1 cosa para leer.');
  });

  it('a card whose port the adapter lacks says so; the others still count', async () => {
    const el = await home('en-US', { education: { listAssigned: async () => [] } } as any);
    expect(card(el, 'reminders').textContent).to.contain('Not offered here.');
    expect(card(el, 'appointments').textContent).to.contain('Not offered here.');
    expect(card(el, 'education').textContent).to.contain('Nothing new to read.');
    expect(shadowText(el)).to.contain('Messages');
  });
});

describe('<engage-portal-home>: vaccines the record cannot tell', () => {
  // A real record: the US MEDITECH IPS lists a COVID-19 (J&J) dose by its text alone (no CVX
  // code), which the CDSi engine cannot count, so it cannot say whether any open vaccine
  // group is due: "no vaccines due" would be a reassurance the record does not give.
  const CVX = 'http://hl7.org/fhir/sid/cvx';
  const AS_OF = new Date(2024, 8, 1, 10);

  it('asks for a check of the vaccine record instead of saying none are due (English and Spanish)', async () => {
    const resources = ((await fixture<any>('fhir-r4/ips/ips-us-meditech-1-searchset.json')).entry as any[]).map((e) => e.resource);
    const patient = resources.find((r) => r.resourceType === 'Patient');
    const unreadable = resources.filter((r) => r.resourceType === 'Immunization' && r.status === 'completed' && !(r.vaccineCode.coding ?? []).some((c: any) => c.system === CVX));
    expect(unreadable.map((r) => r.vaccineCode.text)).to.deep.equal(['COVID-19 (J&J)']);
    const ref = `Patient/${patient.id}`;
    const record = recordFromResources({ ref, birthDate: patient.birthDate, gender: patient.gender }, resources);
    const adapter = createMemoryAdapter({ immunizations: { records: [record] } });
    for (const [locale, words] of [
      ['en-US', 'Ask your care team to check your vaccine record.'],
      ['es', 'Pida a su equipo de salud que revise su registro de vacunas.'],
    ] as const) {
      const el = await mount<HTMLElement>(html`<engage-portal-home .adapter=${adapter} .session=${{ patient: ref, role: 'patient', locale, now: () => AS_OF }}></engage-portal-home>`);
      await waitFor(() => card(el, 'immunizations')?.textContent?.includes(words), `the vaccines card (${locale})`);
      expect(card(el, 'immunizations').textContent).to.not.match(/No vaccines due|No le toca/);
      el.remove();
    }
  });
});

describe('<engage-portal-home>: vaccines when no forecast can be made', () => {
  // CDC's test case 2013-0212: a child with a birth date and two doses of hepatitis B; the engine
  // forecasts hepatitis B and more as due for her. The registry's answers are CDC's HL7 v2
  // samples (test/fixtures/hl7v2): "no such patient" (QAK-2 NF) and "more than one" (TM).
  async function cdcPatient() {
    const text = await (await fetch('/test/fixtures/cdsi/healthy-v4.45.ndjson')).text();
    return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)).find((c: any) => c.id === '2013-0212');
  }
  const hl7 = async (name: string) => (await fetch(`/test/fixtures/hl7v2/${name}`)).text();

  for (const [file, lookup] of [['z33-not-found.hl7', 'not-found'], ['z33-too-many.hl7', 'too-many']] as const) {
    it(`a registry lookup that matched ${lookup === 'not-found' ? 'no one' : 'more than one person'} is no "vaccines are due": it asks for a check of the record`, async () => {
      const c = await cdcPatient();
      const ref = `Patient/${c.id}`;
      // the registry's answer as the HL7 v2 parser reads it; the birth date is the one the query sent
      const { iisResponseToRecord } = await import('../../src/adapters/hl7v2/index.js');
      const answer = iisResponseToRecord(await hl7(file), { ref });
      expect([answer.record.lookup, answer.record.vaccinations.length]).to.deep.equal([lookup, 0]);
      const record = { ...answer.record, patient: { ...answer.record.patient, birthDate: c.dob } };
      const adapter = createMemoryAdapter({ immunizations: { records: [record] } });
      for (const [locale, words] of [
        ['en-US', 'Ask your care team to check your vaccine record.'],
        ['es', 'Pida a su equipo de salud que revise su registro de vacunas.'],
      ] as const) {
        const el = await mount<HTMLElement>(
          html`<engage-portal-home .adapter=${adapter} .session=${{ patient: ref, role: 'patient', locale, now: () => new Date(`${c.assessmentDate}T10:00:00`) }}></engage-portal-home>`,
        );
        await waitFor(() => card(el, 'immunizations')?.querySelector('.card__text')?.textContent?.trim(), `the vaccines card (${locale})`);
        expect(card(el, 'immunizations').querySelector('.card__text')!.textContent!.trim(), locale).to.equal(words);
        expect(card(el, 'immunizations').querySelector('[part="count"]') === null, 'no count of vaccines due').to.equal(true);
        el.remove();
      }
    });
  }

  it('a forecast served for a patient the registry did not match is not counted, as the vaccination record page shows none', async () => {
    const c = await cdcPatient();
    const ref = `Patient/${c.id}`;
    const { iisResponseToRecord } = await import('../../src/adapters/hl7v2/index.js');
    const { forecastRecord } = await import('../../src/immunization-forecast/record-forecast.js');
    const answer = iisResponseToRecord(await hl7('z33-not-found.hl7'), { ref });
    // a backend's forecast made from the child's full history (another source than the registry)
    const history = { patient: { ref, birthDate: c.dob }, vaccinations: c.doses.map((d: any, i: number) => ({ id: `d${i}`, vaccine: { text: d.vaccineName }, cvx: d.cvx, date: d.date, status: 'given', source: 'historical' })) };
    const served = forecastRecord(history as any, c.assessmentDate);
    if (typeof served !== 'object') throw new Error(served);
    expect(served.groups.some((g) => g.status === 'due-now' || g.status === 'overdue'), 'the served forecast has vaccines due').to.equal(true);
    const adapter = createMemoryAdapter({ immunizations: { records: [{ ...answer.record, patient: { ref, birthDate: c.dob } }], forecasts: { [ref]: served } } });
    const el = await mount<HTMLElement>(html`<engage-portal-home .adapter=${adapter} .session=${{ patient: ref, role: 'patient', locale: 'en-US', now: () => new Date(`${c.assessmentDate}T10:00:00`) }}></engage-portal-home>`);
    await waitFor(() => card(el, 'immunizations')?.querySelector('.card__text')?.textContent?.trim(), 'the vaccines card');
    expect(card(el, 'immunizations').querySelector('.card__text')!.textContent!.trim()).to.equal('Ask your care team to check your vaccine record.');
  });

  it('asks the state registry once: the record and the forecast come from one answer', async () => {
    const c = await cdcPatient();
    const ref = `Patient/${c.id}`;
    const { createRegistryImmunizationPort } = await import('../../src/adapters/hl7v2/index.js');
    const text = await hl7('z33-not-found.hl7');
    let queries = 0;
    const immunizations = createRegistryImmunizationPort({ query: async () => (queries++, text) });
    const el = await mount<HTMLElement>(html`<engage-portal-home .adapter=${{ immunizations }} .session=${{ patient: ref, role: 'patient', locale: 'en-US', now: NOW }}></engage-portal-home>`);
    await waitFor(() => card(el, 'immunizations')?.querySelector('.card__text')?.textContent?.trim(), 'the vaccines card');
    expect(card(el, 'immunizations').querySelector('.card__text')!.textContent!.trim()).to.equal('Ask your care team to check your vaccine record.');
    expect(queries, 'registry queries').to.equal(1);
  });

  it('a record without a birth date asks for a check of the record, not "we could not check this now"', async () => {
    const c = await cdcPatient();
    const ref = `Patient/${c.id}`;
    const vaccinations = c.doses.map((d: any, i: number) => ({ id: `d${i}`, vaccine: { text: d.vaccineName }, cvx: d.cvx, date: d.date, status: 'given', source: 'historical' }));
    const adapter = createMemoryAdapter({ immunizations: { records: [{ patient: { ref }, vaccinations }] } });
    const el = await mount<HTMLElement>(html`<engage-portal-home .adapter=${adapter} .session=${{ patient: ref, role: 'patient', locale: 'en-US', now: NOW }}></engage-portal-home>`);
    await waitFor(() => /vaccine|check/i.test(card(el, 'immunizations')?.querySelector('.card__text')?.textContent ?? ''), 'the vaccines card');
    expect(card(el, 'immunizations').querySelector('.card__text')!.textContent!.trim()).to.equal('Ask your care team to check your vaccine record.');
  });
});
