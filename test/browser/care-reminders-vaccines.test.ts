/**
 * <engage-care-reminders> (#14): vaccines due appear among the reminders when the adapter has an
 * immunization port. Histories are CDC's CDSi test cases (test/fixtures/cdsi); the expected
 * status and date of each case's vaccine group are read from CDC's expected dates, not from the
 * element. The forecast is the library's CDSi engine (the memory port has none of its own).
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/care-reminders/care-reminders.js';
import type { EngageCareReminders } from '../../src/elements/care-reminders/care-reminders.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { EngageAdapter, ImmunizationRecord, ReminderRecord, ReminderRuleSet, Role } from '../../src/adapters/ports.js';
import { EngageError } from '../../src/core/errors.js';
import { recordFromResources } from '../../src/adapters/fhir/mapping/immunization.js';
import { forecastRecord } from '../../src/immunization-forecast/record-forecast.js';
import { fixture, shadowText, waitFor } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;
const CVX = 'http://hl7.org/fhir/sid/cvx';

async function rules(): Promise<ReminderRuleSet> {
  return (await (await fetch('/rules/preventive-care.json')).json()) as ReminderRuleSet;
}

async function cdcCase(id: string): Promise<Json> {
  const text = await (await fetch('/test/fixtures/cdsi/healthy-v4.45.ndjson')).text();
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Json).find((c) => c.id === id)!;
}

/** The case's patient for both ports: the vaccination history for immunizations, no chart entries for the rules. */
function recordsOf(c: Json): { imm: ImmunizationRecord; rem: ReminderRecord } {
  const ref = `Patient/${c.id}`;
  const sex = ({ F: 'female', M: 'male' } as const)[c.gender as 'F' | 'M'];
  return {
    imm: {
      patient: { ref, birthDate: c.dob, gender: sex ?? 'unknown' },
      vaccinations: c.doses.map((d: Json, i: number) => ({ id: `d${i}`, vaccine: { text: d.vaccineName, codings: [{ system: CVX, code: d.cvx }] }, cvx: d.cvx, date: d.date, status: 'given', source: 'historical' })),
    },
    rem: { patient: ref, birthDate: c.dob, ...(sex ? { sexAtBirth: sex } : {}), entries: [], actions: [] },
  };
}

async function render(c: Json, options: { role?: Role; locale?: string; adapter?: EngageAdapter; withImmunizations?: boolean } = {}) {
  const { imm, rem } = recordsOf(c);
  const full = createMemoryAdapter({ reminders: { rules: await rules(), records: [rem] }, immunizations: { records: [imm] } });
  const { immunizations: _port, ...withoutImmunizations } = full;
  void _port;
  const adapter = options.adapter ?? (options.withImmunizations === false ? withoutImmunizations : full);
  const el = await mount<EngageCareReminders>(html`<engage-care-reminders
    as-of=${c.assessmentDate}
    .adapter=${adapter}
    .session=${{ patient: rem.patient, role: options.role ?? 'patient', locale: options.locale ?? 'en' }}
  ></engage-care-reminders>`);
  await waitFor(() => el.shadowRoot!.querySelector('.list, .nothing-due'), 'the reminders');
  return { el, full };
}

const items = (el: Element) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('.list > .item')];
const itemTitled = (el: Element, title: string) => items(el).find((li) => li.querySelector('.item__title')?.textContent?.trim() === title);
const button = (scope: ParentNode, text: string) => [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === text);
const longDate = (iso: string, locale = 'en-US') => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
const nextDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('<engage-care-reminders>: vaccines due', () => {
  // One case per status (the engine agrees with CDC on each: test/node/care-reminders-immunizations.test.mjs).
  const picks: [string, string, (e: Json) => string][] = [
    ['2013-0002', 'Tetanus, diphtheria and whooping cough vaccine', (e) => `Due on ${longDate(e.recommendedDate)}`],
    ['2013-0212', 'Hepatitis B vaccine', (e) => `Overdue since ${longDate(nextDay(e.pastDueDate))}`],
    ['2025-0046', 'COVID-19 vaccine', () => 'Due now'],
  ];
  for (const [id, title, status] of picks) {
    it(`lists the vaccine CDC expects for case ${id} with CDC's status and date`, async () => {
      const c = await cdcCase(id);
      const { el } = await render(c);
      const item = await waitFor(() => itemTitled(el, title), title);
      expect(item.querySelector('.status')!.textContent).to.equal(status(c.expected));
      expect(item.dataset.kind).to.equal('immunization');
      expect(button(item, 'I had this done elsewhere') === undefined, 'answers about vaccines belong in the vaccination record').to.equal(true);
      const opened = new Promise<CustomEvent>((resolve) => el.addEventListener('engage-reminder-open-immunizations', resolve, { once: true }));
      button(item, 'See vaccine record')!.click();
      expect((await opened).detail.vaccineGroup).to.be.a('string').and.not.equal('');
      await expect(el).to.be.accessible();
    });
  }

  it('lists no vaccines when the adapter has no immunization port', async () => {
    const c = await cdcCase('2013-0212');
    const { el } = await render(c, { withImmunizations: false });
    expect(itemTitled(el, 'Hepatitis B vaccine')).to.equal(undefined);
    expect(items(el).some((li) => li.dataset.kind === 'immunization')).to.equal(false);
  });

  it('keeps the other reminders and says so when the vaccines cannot be read', async () => {
    const c = await cdcCase('2013-0212');
    const { imm, rem } = recordsOf(c);
    const real = createMemoryAdapter({ reminders: { rules: await rules(), records: [rem] }, immunizations: { records: [imm] } });
    // The network fails for the immunization port only; the element is under test.
    const adapter: EngageAdapter = {
      ...real,
      immunizations: { getRecord: () => Promise.reject(new EngageError('network', 'down')), getForecast: () => Promise.reject(new EngageError('network', 'down')) },
    };
    const { el } = await render(c, { adapter });
    await waitFor(() => el.shadowRoot!.querySelector('[part~="vaccines-failed"]'), 'the note');
    expect(shadowText(el)).to.contain('Vaccines due could not be loaded.');
    expect(el.shadowRoot!.querySelector('[role="alert"]'), 'not an error of the whole list').to.equal(null);
  });

  it('clinician: the dose due and where the forecast came from', async () => {
    const c = await cdcCase('2013-0212');
    const { el } = await render(c, { role: 'clinician' });
    const item = await waitFor(() => itemTitled(el, 'Hepatitis B vaccine'), 'the vaccine');
    expect(item.querySelector('.source')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      `Dose ${c.expected.forecastDoseNumber}. Worked out by this app from CDC rules (CDC CDSi supporting data 4.64)`,
    );
    expect(button(item, 'Schedule') === undefined, 'no Schedule for clinicians').to.equal(true);
  });

  it('speaks Spanish', async () => {
    const c = await cdcCase('2013-0002');
    const { el } = await render(c, { locale: 'es' });
    await waitFor(() => el.shadowRoot!.querySelector('.title')?.textContent === 'Lo que le toca', 'the Spanish strings');
    const item = await waitFor(() => itemTitled(el, 'Vacuna: Tétanos, difteria y tos ferina'), 'the Spanish title');
    expect(item.querySelector('.status')!.textContent).to.equal(`Le toca el ${longDate(c.expected.recommendedDate, 'es')}`);
    expect(button(item, 'Ver registro de vacunas')).to.not.equal(undefined);
  });
});

describe('<engage-care-reminders>: a vaccine record with a dose the forecast cannot read', () => {
  // A real record: the US MEDITECH IPS (test/fixtures/fhir-r4/ips) lists a COVID-19 (J&J) dose by
  // its text alone, with no CVX code, so the CDSi engine cannot count it. It may belong to any
  // vaccine group, so no open group can be told due or late: one item asks for a check of the
  // record and names them all (one item per group would bury the rest of the list).
  const AS_OF = '2024-09-01';
  const CHECK = 'Check your vaccine record with your care team';
  // the plain names of the groups this record holds back, as a patient reads them
  const NAMES: Record<string, [string, string]> = {
    'COVID-19': ['COVID-19', 'COVID-19'],
    'DTaP/Tdap/Td': ['Tetanus, diphtheria and whooping cough', 'Tétanos, difteria y tos ferina'],
    HepA: ['Hepatitis A', 'Hepatitis A'],
    HepB: ['Hepatitis B', 'Hepatitis B'],
    Influenza: ['Flu', 'Gripe'],
    MMR: ['Measles, mumps and rubella (MMR)', 'Sarampión, paperas y rubéola (MMR)'],
    Pneumococcal: ['Pneumonia (pneumococcal)', 'Neumonía (neumocócica)'],
    RSV: ['RSV', 'VSR'],
    Zoster: ['Shingles (zoster)', 'Culebrilla (herpes zóster)'],
  };
  const namesOf = (open: string[], lang: 'en' | 'es') =>
    open.map((g) => NAMES[g]![lang === 'en' ? 0 : 1]).join('; ');

  async function ips() {
    const resources = ((await fixture<Json>('fhir-r4/ips/ips-us-meditech-1-searchset.json')).entry as Json[]).map((e) => e.resource as Json);
    const patient = resources.find((r) => r.resourceType === 'Patient')!;
    const unreadable = resources.filter(
      (r) => r.resourceType === 'Immunization' && r.status === 'completed' && !((r.vaccineCode.coding ?? []) as Json[]).some((c) => c.system === CVX),
    );
    expect(unreadable.map((r) => r.vaccineCode.text)).to.deep.equal(['COVID-19 (J&J)']);
    const ref = `Patient/${patient.id}`;
    const imm = recordFromResources({ ref, birthDate: patient.birthDate, gender: patient.gender }, resources);
    // the groups the engine forecasts as open from the doses it can read: the ones held back
    const readable = forecastRecord({ ...imm, vaccinations: imm.vaccinations.filter((v) => v.id !== unreadable[0]!.id) }, AS_OF);
    if (typeof readable !== 'object') throw new Error(readable);
    const open = readable.groups.filter((g) => ['due-now', 'overdue', 'due-later'].includes(g.status)).map((g) => g.vaccineGroup);
    expect(readable.groups.find((g) => g.vaccineGroup === 'MMR')?.status, 'MMR was overdue by the doses the engine can read').to.equal('overdue');
    const rem: ReminderRecord = { patient: ref, birthDate: patient.birthDate, sexAtBirth: patient.gender, entries: [], actions: [] };
    return { imm, rem, open };
  }

  async function show(options: { role?: Role; locale?: string; ruleSet?: ReminderRuleSet } = {}) {
    const { imm, rem, open } = await ips();
    const adapter = createMemoryAdapter({ reminders: { rules: options.ruleSet ?? (await rules()), records: [rem] }, immunizations: { records: [imm] } });
    const el = await mount<EngageCareReminders>(html`<engage-care-reminders
      as-of=${AS_OF}
      .adapter=${adapter}
      .session=${{ patient: rem.patient, role: options.role ?? 'patient', locale: options.locale ?? 'en' }}
    ></engage-care-reminders>`);
    // the list shows once both the rules and the forecast are read
    await waitFor(() => el.shadowRoot!.querySelector('.list, .nothing-due'), 'the reminders');
    return { el, open };
  }
  const vaccines = (el: Element) => items(el).filter((li) => li.dataset.kind === 'immunization');
  const statusOf = (item: Element) => item.querySelector('.status')!.textContent!.trim();

  it('the patient is asked, in one item naming every vaccine group held back, to check the record, with no due date', async () => {
    const { el, open } = await show();
    expect(open.length > 5, `${open.length} groups held back`).to.equal(true);
    expect(vaccines(el).length, 'one item for all the groups held back').to.equal(1);
    const check = itemTitled(el, 'Vaccine record')!;
    expect(check !== undefined, 'the record check').to.equal(true);
    expect(statusOf(check)).to.equal(CHECK);
    expect(check.querySelector('.why')!.textContent!.trim()).to.equal(
      `Your record lists a vaccine dose this app cannot read, so it cannot tell if these vaccines are due: ${namesOf(open, 'en')}.`,
    );
    expect(check.textContent!.replace(/\s+/g, ' ')).to.not.match(/Overdue|Due on|Due now|Dose \d/);
    // nothing to schedule and no answer to give: the record is what needs a check
    for (const text of ['Schedule', 'I had this done elsewhere', 'Remind me later']) expect(button(check, text) === undefined, text).to.equal(true);
    const opened = new Promise<CustomEvent>((resolve) => el.addEventListener('engage-reminder-open-immunizations', resolve, { once: true }));
    button(check, 'See vaccine record')!.click();
    const detail = (await opened).detail;
    expect('vaccineGroup' in detail, 'no one vaccine group').to.equal(false);
    expect(detail.reminder.immunization.vaccineGroups).to.deep.equal(open);
    expect(el.shadowRoot!.querySelector('[role="alert"]') === null, 'no alert').to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('never says nothing is due when only the vaccine record check is listed', async () => {
    const { el } = await show({ ruleSet: { ...(await rules()), rules: [] } });
    expect(vaccines(el).length).to.equal(1);
    expect(items(el).length, 'no other reminders').to.equal(1);
    expect(shadowText(el)).to.not.contain('Nothing is due right now.');
  });

  it('clinician: the same one check of the record, naming the groups, no dose number and no answers', async () => {
    const { el, open } = await show({ role: 'clinician' });
    expect(vaccines(el).length).to.equal(1);
    const check = itemTitled(el, 'Vaccine record')!;
    expect(check !== undefined, 'the record check').to.equal(true);
    expect(statusOf(check)).to.equal('Not forecast: check the vaccine record');
    expect(check.querySelector('.why')!.textContent!.trim()).to.contain(namesOf(open, 'en'));
    expect(check.querySelector('.source')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Worked out by this app from CDC rules (CDC CDSi supporting data 4.64)');
    for (const text of ['Schedule', 'I had this done elsewhere', 'Declined', 'Not applicable', 'Ordered']) expect(button(check, text) === undefined, text).to.equal(true);
    expect(button(check, 'See vaccine record') !== undefined).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('speaks Spanish', async () => {
    const { el, open } = await show({ locale: 'es' });
    await waitFor(() => el.shadowRoot!.querySelector('.title')?.textContent === 'Lo que le toca', 'the Spanish strings');
    const check = itemTitled(el, 'Registro de vacunas')!;
    expect(check !== undefined, 'the Spanish title').to.equal(true);
    expect(statusOf(check)).to.equal('Revise su registro de vacunas con su equipo de salud');
    expect(check.querySelector('.why')!.textContent!.trim()).to.equal(
      `Su registro tiene una dosis de vacuna que esta aplicación no puede leer, así que no puede saber si le tocan estas vacunas: ${namesOf(open, 'es')}.`,
    );
  });
});

describe('<engage-care-reminders>: vaccines when no forecast can be made', () => {
  // CDC's case 2013-0212 (a child the engine finds hepatitis B and more due for) with the
  // registry's "no such patient" answer (test/fixtures/hl7v2/z33-not-found.hl7), and the same
  // child's record without a birth date: neither may list vaccines as due, and neither may
  // leave vaccines out in silence. One "Vaccine record" item says why and asks for a check.
  async function showWith(record: ImmunizationRecord, c: Json, role: Role = 'patient', locale = 'en') {
    const { rem } = recordsOf(c);
    const adapter = createMemoryAdapter({ reminders: { rules: { ...(await rules()), rules: [] }, records: [rem] }, immunizations: { records: [record] } });
    const el = await mount<EngageCareReminders>(html`<engage-care-reminders
      as-of=${c.assessmentDate}
      .adapter=${adapter}
      .session=${{ patient: rem.patient, role, locale }}
    ></engage-care-reminders>`);
    await waitFor(() => el.shadowRoot!.querySelector('.list, .nothing-due'), 'the reminders');
    if (locale === 'es') await waitFor(() => el.shadowRoot!.querySelector('.title')?.textContent === 'Lo que le toca', 'the Spanish strings');
    return el;
  }
  const vaccines = (el: Element) => items(el).filter((li) => li.dataset.kind === 'immunization');

  it('a registry lookup that found no one: one record check that says so, no vaccine due (English and Spanish)', async () => {
    const c = await cdcCase('2013-0212');
    const { iisResponseToRecord } = await import('../../src/adapters/hl7v2/index.js');
    const answer = iisResponseToRecord(await (await fetch('/test/fixtures/hl7v2/z33-not-found.hl7')).text(), { ref: `Patient/${c.id}` });
    expect(answer.record.lookup).to.equal('not-found');
    const record = { ...answer.record, patient: { ...answer.record.patient, birthDate: c.dob } };
    for (const [locale, title, why] of [
      ['en', 'Vaccine record', 'The state vaccine registry could not match your record, so this app cannot tell which vaccines are due.'],
      ['es', 'Registro de vacunas', 'El registro estatal de vacunas no pudo confirmar cuál es su historial, así que esta aplicación no puede saber qué vacunas le tocan.'],
    ] as const) {
      const el = await showWith(record, c, 'patient', locale);
      expect(vaccines(el).map((li) => li.querySelector('.item__title')!.textContent!.trim()), locale).to.deep.equal([title]);
      expect(vaccines(el)[0]!.querySelector('.why')!.textContent!.trim()).to.equal(why);
      expect(el.shadowRoot!.querySelector('.nothing-due'), 'never "nothing is due"').to.equal(null);
      expect(shadowText(el)).to.not.match(/Hepatitis B vaccine|Vacuna: Hepatitis B/);
      el.remove();
    }
  });

  it('a record without a birth date: one record check that says so; the clinician sees it is not forecast', async () => {
    const c = await cdcCase('2013-0212');
    const { imm } = recordsOf(c);
    const record: ImmunizationRecord = { ...imm, patient: { ref: imm.patient.ref } };
    const patient = await showWith(record, c);
    expect(vaccines(patient).length).to.equal(1);
    expect(vaccines(patient)[0]!.querySelector('.why')!.textContent!.trim()).to.equal('Your record does not show your full date of birth, so this app cannot tell which vaccines are due.');
    await expect(patient).to.be.accessible();
    patient.remove();
    const clinician = await showWith(record, c, 'clinician');
    const check = vaccines(clinician)[0]!;
    expect(check.querySelector('.status')!.textContent!.trim()).to.equal('Not forecast: check the vaccine record');
    expect(check.querySelector('.source'), 'no forecast source: there is no forecast').to.equal(null);
    expect(button(check, 'See vaccine record') !== undefined).to.equal(true);
  });
});
