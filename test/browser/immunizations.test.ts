/**
 * <engage-immunizations>: grouping and order, not-given records never counted, calendar
 * dates in UTC-10 and UTC+14, the forecast source order (the backend's first, the CDSi
 * engine only when it has none), states, caregiver and clinician wording, CSV and FHIR JSON.
 * Histories come from the Synthea bundles in demo/data and CDC's CDSi test cases in
 * test/fixtures/cdsi; expected counts and dates are read from them, not from the element.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/immunizations/immunizations.js';
import type { EngageImmunizations, ImmunizationsLoadDetail } from '../../src/elements/immunizations/immunizations.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { EngageAdapter, ImmunizationForecast, ImmunizationRecord, Role, VaccinationRecord } from '../../src/adapters/ports.js';
import { vaccineGroupsOfCvx } from '../../src/core/vaccine-groups.generated.js';
import { applyLocale } from '../../src/core/localization.js';
import { EngageError } from '../../src/core/errors.js';
import { demoData, setTimeZone, shadowText, waitFor } from './helpers.js';
import { SYNTHEA_FILES, resourcesOf } from './synthea.js';
import { fleschKincaid } from './readability.mjs';
import { seededRandom } from '../../demo/server/seeded-random.mjs';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const ALL_SYNTHEA = [...SYNTHEA_FILES, 'synthea-dennis-durgan-78f005f3.json', 'synthea-jill-tillman-c4b7d178.json', 'synthea-vito-feeney-63dd4423.json'];
const CVX = 'http://hl7.org/fhir/sid/cvx';

/** A Synthea bundle's patient and Immunizations as the port's record (the FHIR adapter's job; written plainly here). */
function recordOfBundle(bundle: { entry: { resource: Json }[] }): { record: ImmunizationRecord; immunizations: Json[] } {
  const patient = resourcesOf(bundle as never, 'Patient')[0]!;
  const immunizations = resourcesOf(bundle as never, 'Immunization');
  const name = patient.name[0];
  return {
    immunizations,
    record: {
      patient: { ref: `Patient/${patient.id}`, name: `${name.given.join(' ')} ${name.family}`, birthDate: patient.birthDate, gender: patient.gender },
      vaccinations: immunizations.map((im) => ({
        id: im.id,
        vaccine: { text: im.vaccineCode.text, codings: im.vaccineCode.coding },
        cvx: im.vaccineCode.coding.find((c: Json) => c.system === CVX)?.code,
        date: im.occurrenceDateTime,
        status: im.status === 'completed' ? 'given' : 'not-given',
        source: im.primarySource === false ? 'historical' : 'administered',
        ...(im.location?.display ? { location: im.location.display } : {}),
      })),
    },
  };
}

/** CDC's CDSi test cases (one JSON object a line). */
async function cdcCases(): Promise<Map<string, Json>> {
  const text = await (await fetch('/test/fixtures/cdsi/healthy-v4.45.ndjson')).text();
  return new Map(text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)).map((c: Json) => [c.id, c]));
}

/** A CDC case's history as a port record (doses d0, d1, … in the case's order). */
function recordOfCase(c: Json): ImmunizationRecord {
  return {
    patient: { ref: `Patient/${c.id}`, name: c.name, birthDate: c.dob, gender: { F: 'female', M: 'male' }[c.gender as 'F' | 'M'] ?? 'unknown' },
    vaccinations: c.doses.map((d: Json, i: number) => ({
      id: `d${i}`, vaccine: { text: d.vaccineName, codings: [{ system: CVX, code: d.cvx }] }, cvx: d.cvx, date: d.date, status: 'given', source: 'historical',
    })),
  };
}

async function show(adapter: EngageAdapter, patient: string, options: { role?: Role; asOf?: string; locale?: string } = {}): Promise<EngageImmunizations> {
  const el = await mount<EngageImmunizations>(
    html`<engage-immunizations .adapter=${adapter} as-of=${options.asOf ?? '2024-06-15'}
      .session=${{ patient, role: options.role ?? 'patient', locale: options.locale ?? 'en-US', now: () => new Date(2024, 5, 15, 12) }}></engage-immunizations>`,
  );
  await waitFor(() => el.shadowRoot!.querySelector('[part~="record"], [part~="lookup"], [part~="error"], [part~="not-configured"]'), 'the element to load');
  return el;
}

const longDate = (iso: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
const groupsShown = (el: Element) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="group"]')].map((g) => g.dataset.group);

describe('<engage-immunizations>: the record', () => {
  afterEach(() => applyLocale('en'));

  for (const zone of ['Pacific/Honolulu', 'Pacific/Kiritimati']) {
    it(`shows every Synthea Immunization once per vaccine group with its calendar date (${zone})`, async () => {
      await setTimeZone(zone);
      let checked = 0;
      try {
        for (const file of ALL_SYNTHEA) {
          const { record, immunizations } = recordOfBundle(await demoData(file));
          const el = await show(createMemoryAdapter({ immunizations: { records: [record] } }), record.patient.ref);
          for (const im of immunizations) {
            const cvx = im.vaccineCode.coding.find((c: Json) => c.system === CVX).code as string;
            const groups = vaccineGroupsOfCvx(cvx);
            const rows = [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="dose"][data-id="${im.id}"]`)];
            expect(rows.map((r) => r.closest<HTMLElement>('[part~="group"]')!.dataset.group), `${file} ${im.id}`).to.deep.equal(
              groups.length ? [...groups] : [''],
            );
            // The written date (its own offset), never the viewer's day.
            for (const row of rows) expect(row.querySelector('.dose__date')!.textContent!.trim()).to.equal(longDate(im.occurrenceDateTime));
            checked++;
          }
          const total = [...el.shadowRoot!.querySelectorAll('[part~="dose"]')].length;
          const expected = immunizations.reduce((n, im) => n + Math.max(1, vaccineGroupsOfCvx(im.vaccineCode.coding[0].code).length), 0);
          expect(total, file).to.equal(expected);
        }
      } finally {
        await setTimeZone('UTC');
      }
      const inSource = (await Promise.all(ALL_SYNTHEA.map((f) => demoData<Json>(f)))).reduce((n, b) => n + resourcesOf(b as never, 'Immunization').length, 0);
      expect(checked).to.equal(inSource);
    });
  }

  it('orders groups by the childhood schedule, then the rest, then other; newest first within a group', async () => {
    const v = (id: string, cvx: string | undefined, date: string): VaccinationRecord => ({ id, vaccine: { text: id, codings: [] }, ...(cvx ? { cvx } : {}), date, status: 'given', source: 'administered' });
    const record: ImmunizationRecord = {
      patient: { ref: 'Patient/order', birthDate: '2010-01-01' },
      vaccinations: [v('zoster', '187', '2023-01-01'), v('mystery', undefined, '2020-01-01'), v('dtap-old', '20', '2010-03-01'), v('dtap-new', '20', '2010-05-01'), v('hepb', '08', '2010-01-02'), v('yf', '37', '2015-01-01')],
    };
    const el = await show(createMemoryAdapter({ immunizations: { records: [record] } }), 'Patient/order');
    expect(groupsShown(el)).to.deep.equal(['HepB', 'DTaP/Tdap/Td', 'Zoster', 'Yellow Fever', '']);
    const dtap = el.shadowRoot!.querySelector('[part~="group"][data-group="DTaP/Tdap/Td"]')!;
    expect([...dtap.querySelectorAll<HTMLElement>('[part~="dose"]')].map((d) => d.dataset.id)).to.deep.equal(['dtap-new', 'dtap-old']);
    expect(shadowText(el)).to.contain('Other vaccines');
  });

  it('shows not-given records and refusals as such, never as doses', async () => {
    const record: ImmunizationRecord = {
      patient: { ref: 'Patient/refused', birthDate: '2020-01-10' },
      vaccinations: [
        { id: 'mmr1', vaccine: { text: 'MMR', codings: [] }, cvx: '03', date: '2021-01-12', status: 'given', source: 'administered' },
        { id: 'mmr-refused', vaccine: { text: 'MMR', codings: [] }, cvx: '03', date: '2024-02-01', status: 'not-given', refused: true, notGivenReason: { text: 'Parental decision', codings: [] }, source: 'administered' },
      ],
    };
    const el = await show(createMemoryAdapter({ immunizations: { records: [record] } }), 'Patient/refused', { role: 'clinician' });
    const group = el.shadowRoot!.querySelector('[part~="group"][data-group="MMR"]')!;
    expect(group.querySelector('.count')!.textContent!.trim()).to.equal('1 dose');
    const refused = group.querySelector<HTMLElement>('[data-id="mmr-refused"]')!;
    expect(refused.getAttribute('part')).to.contain('not-given');
    expect(refused.textContent).to.contain('Refused, not given: Parental decision');
    expect(refused.querySelector('.evaluation'), 'a refusal is never evaluated as a dose').to.equal(null);
    // the list holds refusals too: its heading never says they were given
    expect(el.shadowRoot!.querySelector('#imm-record')!.textContent!.trim()).to.equal('Vaccines on record');
    // The engine saw one dose: MMR dose 2 is what is due, not "complete".
    const due = el.shadowRoot!.querySelector<HTMLElement>('[part~="due-item"][data-group="MMR"]')!;
    expect(due.querySelector('dd')!.textContent!.trim()).to.equal('2');
  });
});

describe('<engage-immunizations>: what is due and where it comes from', () => {
  it('uses the backend forecast when there is one and never the engine', async () => {
    const cases = await cdcCases();
    const c = cases.get('2013-0002')!; // DTaP #2 given too young: the engine would say dose 2 is due later
    const record = { ...recordOfCase(c), source: 'registry' } as ImmunizationRecord;
    const served: ImmunizationForecast = {
      source: 'registry', sourceName: 'Test registry', asOf: c.assessmentDate, madeAt: c.assessmentDate,
      groups: [{ vaccineGroup: 'DTaP/Tdap/Td', status: 'overdue', doseNumber: 7, recommendedDate: '2025-10-01', pastDueDate: '2025-11-01' }],
      evaluations: [],
    };
    const adapter = createMemoryAdapter({ immunizations: { records: [record], forecasts: { [record.patient.ref]: served } } });
    const loads: ImmunizationsLoadDetail[] = [];
    const onLoad = (event: CustomEvent<ImmunizationsLoadDetail>) => loads.push(event.detail);
    document.addEventListener('engage-immunizations-load', onLoad);
    const el = await show(adapter, record.patient.ref, { role: 'clinician', asOf: c.assessmentDate }).finally(() =>
      document.removeEventListener('engage-immunizations-load', onLoad),
    );
    expect(loads.length).to.equal(1);
    expect(loads[0]!.forecast).to.deep.equal(served);
    expect(loads[0]!.record.vaccinations.length).to.equal(c.doses.length);
    const items = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="due-item"]')];
    expect(items.map((i) => [i.dataset.group, i.dataset.status])).to.deep.equal([['DTaP/Tdap/Td', 'overdue']]);
    expect(items[0]!.querySelector('dd')!.textContent!.trim()).to.equal('7');
    expect(shadowText(el)).to.contain('The state immunization registry (Test registry)');
  });

  it('shows both forecasts of a group that has a risk series beside the routine one, each named', async () => {
    const cases = await cdcCases();
    const c = cases.get('2013-0002')!;
    const record = recordOfCase(c);
    const served: ImmunizationForecast = {
      source: 'server', asOf: c.assessmentDate,
      groups: [
        { vaccineGroup: 'DTaP/Tdap/Td', seriesType: 'risk', status: 'complete' },
        { vaccineGroup: 'DTaP/Tdap/Td', seriesType: 'standard', status: 'overdue', recommendedDate: '2025-10-01', pastDueDate: '2025-11-01' },
      ],
      evaluations: [],
    };
    const adapter = createMemoryAdapter({ immunizations: { records: [record], forecasts: { [record.patient.ref]: served } } });
    for (const [role, risk, standard] of [['clinician', 'risk series', 'standard series'], ['patient', 'for your health needs', 'routine']] as const) {
      const el = await show(adapter, record.patient.ref, { role, asOf: c.assessmentDate });
      const items = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="due-item"]')];
      expect(items.map((i) => [i.dataset.seriesType, i.dataset.status])).to.deep.equal([['risk', 'complete'], ['standard', 'overdue']]);
      expect(items[0]!.textContent).to.contain(risk);
      expect(items[1]!.textContent).to.contain(standard);
      el.remove();
    }
  });

  it('falls back to the CDSi engine when the backend has none: statuses and dates equal CDC’s for real cases', async () => {
    const cases = await cdcCases();
    // One case per status (picked where the engine agrees with CDC; see test/node/immunization-to-forecast.test.mjs).
    const picks: [string, string, string][] = [
      ['2013-0002', 'DTAP', 'due-later'],
      ['2013-0212', 'HepB', 'overdue'],
      ['2025-0046', 'COVID-19', 'due-now'],
      ['2013-0639', 'POL', 'complete'],
    ];
    let evaluated = 0;
    const groupName: Record<string, string> = { DTAP: 'DTaP/Tdap/Td', HepB: 'HepB', 'COVID-19': 'COVID-19', POL: 'Polio' };
    for (const [id, label, status] of picks) {
      const c = cases.get(id)!;
      const record = recordOfCase(c);
      const el = await show(createMemoryAdapter({ immunizations: { records: [record] } }), record.patient.ref, { role: 'clinician', asOf: c.assessmentDate });
      const item = el.shadowRoot!.querySelector<HTMLElement>(`[part~="due-item"][data-group="${groupName[label]}"]`)!;
      expect(item.dataset.status, id).to.equal(status);
      const shownDate = (which: string) => item.querySelector(`[data-date="${which}"]`)?.textContent?.trim();
      const cdc = (value: string | undefined) => (value ? new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`)) : undefined);
      expect(shownDate('earliest'), `${id} earliest`).to.equal(cdc(c.expected.earliestDate));
      expect(shownDate('recommended'), `${id} recommended`).to.equal(cdc(c.expected.recommendedDate));
      expect(shownDate('past-due'), `${id} past due`).to.equal(cdc(c.expected.pastDueDate));
      expect(shadowText(el)).to.contain('Worked out by this app from CDC rules (CDC CDSi supporting data 4.64)');
      // Each past dose's evaluation, as CDC expects it.
      c.doses.forEach((d: Json, i: number) => {
        const evaluation = el.shadowRoot!.querySelector(`[part~="group"][data-group="${groupName[label]}"] [data-id="d${i}"] .evaluation`);
        if (!d.evaluationStatus || !evaluation) return;
        const words = evaluation.textContent!.replace(/[✓✕]/g, '').trim();
        expect(words.startsWith(d.evaluationStatus === 'Valid' ? 'Valid' : 'Not valid'), `${id} dose ${i + 1}: ${words}`).to.equal(true);
        evaluated++;
      });
    }
    expect(evaluated, 'dose evaluations compared').to.be.greaterThan(4);
  });

  it('says it cannot forecast without a birth date, and still shows the record', async () => {
    const record: ImmunizationRecord = { patient: { ref: 'Patient/nodob' }, vaccinations: [{ id: 'a', vaccine: { text: 'Hep B', codings: [] }, cvx: '08', date: '2020-01-01', status: 'given', source: 'historical' }] };
    const el = await show(createMemoryAdapter({ immunizations: { records: [record] } }), 'Patient/nodob');
    expect(shadowText(el)).to.contain('We cannot tell what is due because the date of birth is missing');
    expect(el.shadowRoot!.querySelectorAll('[part~="due-item"]').length).to.equal(0);
    expect(el.shadowRoot!.querySelectorAll('[part~="dose"]').length).to.equal(1);
  });

  it('speaks plainly to patients and caregivers, at grade 8 or below', async () => {
    const cases = await cdcCases();
    const sentences = new Set<string>();
    for (const id of ['2013-0002', '2013-0212', '2025-0046', '2013-0639', '2013-0400', '2013-0295']) {
      const c = cases.get(id)!;
      const record = recordOfCase(c);
      for (const role of ['patient', 'caregiver'] as const) {
        const el = await show(createMemoryAdapter({ immunizations: { records: [record] } }), record.patient.ref, { role, asOf: c.assessmentDate });
        for (const s of el.shadowRoot!.querySelectorAll('.sentence')) sentences.add(s.textContent!.trim());
        if (role === 'caregiver') expect(el.shadowRoot!.querySelector('.sentence')!.textContent).to.match(/^Your child/);
      }
    }
    expect([...sentences].some((s) => /^Your next HPV dose is due on [A-Z][a-z]+ \d{1,2}, \d{4}\.$/.test(s)), [...sentences].join(' | ')).to.equal(true);
    const grade = fleschKincaid([...sentences].map((s) => s.replace(/\S*\d\S*/g, ' ')));
    expect(grade.grade, [...sentences].join(' | ')).to.be.at.most(8);
  });

  it('speaks Spanish', async () => {
    const cases = await cdcCases();
    const c = cases.get('2013-0400')!;
    const record = recordOfCase(c);
    const el = await show(createMemoryAdapter({ immunizations: { records: [record] } }), record.patient.ref, { asOf: c.assessmentDate, locale: 'es' });
    await waitFor(() => shadowText(el).includes('Su registro de vacunas'), 'Spanish');
    expect(shadowText(el)).to.match(/Su próxima dosis de HPV es el \d+ de \w+ de \d{4}\./);
  });
});

describe('<engage-immunizations>: states', () => {
  it('no records, registry not found, too many matches, error with retry, not configured', async () => {
    const empty: ImmunizationRecord = { patient: { ref: 'Patient/empty', birthDate: '1990-01-01' }, vaccinations: [] };
    let el = await show(createMemoryAdapter({ immunizations: { records: [empty] } }), 'Patient/empty');
    expect(shadowText(el)).to.contain('No vaccinations are on record.');

    for (const [lookup, words] of [['not-found', 'has no record for this person'], ['too-many', 'more than one person']] as const) {
      const record: ImmunizationRecord = { patient: { ref: `Patient/${lookup}` }, vaccinations: [], lookup, sourceName: 'Test IIS' };
      el = await show(createMemoryAdapter({ immunizations: { records: [record] } }), record.patient.ref);
      const state = el.shadowRoot!.querySelector('[part~="lookup"]')!;
      expect(state.textContent).to.contain(words);
      expect(el.shadowRoot!.querySelector('[part~="error"]')).to.equal(null);
    }

    el = await show(createMemoryAdapter({ immunizations: { records: [empty] }, failWith: 'network' }), 'Patient/empty');
    expect(el.shadowRoot!.querySelector('[part~="error"] [part~="retry-button"]')).to.not.equal(null);

    const { immunizations: _none, ...withoutPort } = createMemoryAdapter({});
    void _none;
    el = await show(withoutPort as EngageAdapter, 'Patient/empty');
    expect(el.shadowRoot!.querySelector('[part~="not-configured"]')).to.not.equal(null);
    expect(shadowText(el)).to.contain('"immunizations" port');
  });
});

describe('<engage-immunizations>: keyboard and focus', () => {
  it('keeps focus after a retry: on the title once the record arrives', async () => {
    const record: ImmunizationRecord = { patient: { ref: 'Patient/flaky', birthDate: '2000-01-01' }, vaccinations: [] };
    const real = createMemoryAdapter({ immunizations: { records: [record] } });
    let calls = 0;
    // A backend that fails once, then answers: the port double stands for the network, the element is under test.
    const flaky: EngageAdapter = {
      ...real,
      immunizations: {
        getRecord: (patient, options) => (++calls === 1 ? Promise.reject(new EngageError('network', 'down')) : real.immunizations.getRecord(patient, options)),
        getForecast: (patient, asOf, options) => real.immunizations.getForecast(patient, asOf, options),
      },
    };
    const el = await show(flaky, 'Patient/flaky');
    const retry = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="retry-button"]')!;
    retry.focus();
    retry.click();
    await waitFor(() => el.shadowRoot!.querySelector('[part~="record"]'), 'the record after retry');
    await waitFor(() => el.shadowRoot!.activeElement?.id === 'imm-title', 'focus on the title');
    expect(calls).to.equal(2);
  });
});

describe('<engage-immunizations>: downloads', () => {
  let saved: Blob[] = [];
  const original = URL.createObjectURL;
  beforeEach(() => {
    saved = [];
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      saved.push(blob as Blob);
      return original.call(URL, blob);
    };
  });
  afterEach(() => (URL.createObjectURL = original));

  const record: ImmunizationRecord = {
    patient: { ref: 'Patient/export', name: 'Ana Export', birthDate: '2019-03-04' },
    vaccinations: [
      { id: 'h1', vaccine: { text: '=HYPERLINK("http://evil.example","click")', codings: [] }, cvx: '08', date: '2019-03-04', status: 'given', source: 'administered', location: 'Clinic, "North"', lotNumber: '+LOT1', doseNumber: '1' },
      { id: 'combo', vaccine: { text: 'DTaP-HepB-IPV', codings: [] }, cvx: '110', date: '2019-05-06', status: 'given', source: 'registry' },
      { id: 'nope', vaccine: { text: 'Flu', codings: [] }, cvx: '140', date: '2023-10-01', status: 'not-given', refused: true, notGivenReason: { text: '@refusal', codings: [] }, source: 'administered' },
    ],
  };

  it('downloads CSV: one row per vaccination per group, escaped, no formula can run', async () => {
    const el = await show(createMemoryAdapter({ immunizations: { records: [record] } }), 'Patient/export');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="download-csv"]')!.click();
    await waitFor(() => saved.length, 'the CSV download'); // the builders load on the first download
    const csv = await saved[0]!.text();
    const lines = csv.trimEnd().split('\r\n');
    // rows: HepB (h1, combo) + DTaP (combo) + Polio (combo) + Influenza (nope) + header
    const expectedRows = record.vaccinations.reduce((n, v) => n + vaccineGroupsOfCvx(v.cvx!).length, 0);
    expect(lines.length).to.equal(expectedRows + 1);
    expect(lines[0]).to.equal('Vaccine group,Vaccine,CVX,Date,Dose,Status,Reason,Source,Where given,Lot');
    expect(lines.find((l) => l.includes('HYPERLINK'))).to.equal(`HepB,"'=HYPERLINK(""http://evil.example"",""click"")",08,2019-03-04,1,Given,,Given here,"Clinic, ""North""",'+LOT1`);
    expect(lines.find((l) => l.startsWith('Influenza'))).to.equal("Influenza,Flu,140,2023-10-01,,\"Refused, not given\",'@refusal,Given here,,");
    for (const line of lines) for (const cell of line.split(',')) expect(/^[=+\-@]/.test(cell), cell).to.equal(false);
  });

  it('downloads FHIR JSON: a Bundle with one Immunization per vaccination', async () => {
    const el = await show(createMemoryAdapter({ immunizations: { records: [record] } }), 'Patient/export');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="download-fhir"]')!.click();
    await waitFor(() => saved.length, 'the FHIR JSON download');
    const bundle = JSON.parse(await saved[0]!.text());
    expect(bundle.resourceType).to.equal('Bundle');
    expect(bundle.entry.length).to.equal(record.vaccinations.length);
    const [h1, combo, nope] = bundle.entry.map((e: Json) => e.resource);
    expect(h1).to.include({ resourceType: 'Immunization', status: 'completed', occurrenceDateTime: '2019-03-04', primarySource: true, lotNumber: '+LOT1' });
    expect(h1.patient.reference).to.equal('Patient/export');
    expect(h1.vaccineCode.coding).to.deep.include({ system: CVX, code: '08', display: 'Hep B, adolescent or pediatric' });
    // FHIR's immunization-origin has no registry code ("record" is a written record): said in words
    expect(combo.reportOrigin).to.deep.equal({ text: 'Historical information - from other registry' });
    expect(nope.status).to.equal('not-done');
    expect(nope.statusReason.text).to.equal('@refusal');
    expect(shadowText(el)).to.contain('The record was downloaded as FHIR JSON.');
  });
});

describe('<engage-immunizations>: messy records', () => {
  const ODD = ['', '2020-13-45', 'not a date', '2021', '2021-07', '2099-01-01T25:00:00Z', '<img src=x onerror=alert(1)>', '=1+1', '1e309', '\u202Eevil'];

  it('ends in content or an error state for 25 seeded mutations, never a page error, never as markup', async () => {
    const cases = await cdcCases();
    const { record: synthea } = recordOfBundle(await demoData(ALL_SYNTHEA[1]!));
    const base = [recordOfCase(cases.get('2013-0002')!), recordOfCase(cases.get('2025-0046')!), synthea];
    const random = seededRandom(20261202);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const errors: string[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.message);
    window.addEventListener('error', onError);
    try {
      for (let round = 0; round < 25; round++) {
        const record = structuredClone(pick(base)) as ImmunizationRecord & Record<string, any>;
        record.patient.ref = `Patient/fuzz-${round}`;
        for (let i = 0; i < 4; i++) {
          const v = record.vaccinations.length ? (pick(record.vaccinations) as VaccinationRecord & Record<string, any>) : undefined;
          switch (Math.floor(random() * 7)) {
            case 0: if (v) v.date = pick(ODD); break;
            case 1: if (v) v.cvx = pick(ODD); break;
            case 2: if (v) v.vaccine = { text: pick(ODD), codings: [] }; break;
            case 3: record.patient.birthDate = pick(ODD); break;
            case 4: if (v) Object.assign(v, { status: 'not-given', refused: random() < 0.5 }); break;
            case 5: if (v) v.vaccineGroups = [pick(ODD)]; break;
            default: if (v) Object.assign(v, { location: pick(ODD), doseNumber: pick(ODD), partial: random() < 0.5 });
          }
        }
        const el = await show(createMemoryAdapter({ immunizations: { records: [record] } }), record.patient.ref, { role: pick(['patient', 'clinician', 'caregiver'] as const) });
        expect(el.shadowRoot!.querySelector('[part~="record"], [part~="error"]'), `round ${round}`).to.not.equal(null);
        expect(el.shadowRoot!.querySelector('img'), `round ${round}: text became markup`).to.equal(null);
      }
    } finally {
      window.removeEventListener('error', onError);
    }
    expect(errors).to.deep.equal([]);
  });
});

describe('<engage-immunizations>: doses the forecast cannot read', () => {
  // a dose given and recorded in a code the engine cannot read (no CVX): its groups are never
  // shown as due or late, the clinician sees which dose was not counted, the patient is told to ask
  async function showWithUnread(role: Role) {
    const c = (await cdcCases()).get('2013-0002')!;
    const record = recordOfCase(c);
    const unread: VaccinationRecord = {
      id: 'unread', vaccine: { text: 'Priorix (MMR)', codings: [{ system: 'https://cvc.canimmunize.ca/v3/ValueSet/TradeName', code: 'priorix' }] },
      date: c.assessmentDate, status: 'given', source: 'historical',
    };
    const el = await show(createMemoryAdapter({ immunizations: { records: [{ ...record, vaccinations: [...record.vaccinations, unread] }] } }), record.patient.ref, { role, asOf: c.assessmentDate });
    await waitFor(() => el.shadowRoot!.querySelector('[part~="due-item"]'), 'the forecast');
    return { el, unread };
  }
  const items = (el: Element) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="due-item"]')];

  it('the clinician sees "ask" and the dose not counted, never due or overdue', async () => {
    const { el, unread } = await showWithUnread('clinician');
    const shown = items(el);
    expect(shown.filter((i) => ['due-now', 'overdue', 'due-later'].includes(i.dataset.status!)).map((i) => i.dataset.group)).to.deep.equal([]);
    const asked = shown.filter((i) => i.dataset.status === 'unknown');
    expect(asked.length).to.be.greaterThan(0);
    for (const item of asked) expect(item.querySelector('[data-uncounted]')?.textContent).to.equal(`${unread.vaccine.text}, ${new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${unread.date}T00:00:00Z`))}`);
  });

  it('the patient is told to ask, never that a dose is late', async () => {
    const { el } = await showWithUnread('patient');
    const text = items(el).map((i) => i.textContent!.replace(/\s+/g, ' ')).join(' ');
    expect(text).to.not.match(/is late|is due now|is due on/);
    expect(text).to.match(/Ask your care team about the .+ vaccine\./);
  });
});

describe('<engage-immunizations>: a dose that is not a full one', () => {
  // FHIR isSubpotent covers a partial dose, a cold-chain break and a recall: the dose is shown
  // with the record's reason, never as "partial" when the record does not say so, and not counted
  it('says "Not a full dose" with the reason, and the group does not count it', async () => {
    const c = (await cdcCases()).get('2013-0002')!;
    const record = recordOfCase(c);
    const first = record.vaccinations[0]!;
    const group = vaccineGroupsOfCvx(first.cvx!)[0]!;
    const inGroup = record.vaccinations.filter((v) => vaccineGroupsOfCvx(v.cvx!).includes(group)).length;
    const coldChain: VaccinationRecord = {
      ...first, id: 'cold-chain', date: c.assessmentDate, partial: true,
      subpotentReason: { codings: [{ system: 'http://terminology.hl7.org/CodeSystem/immunization-subpotent-reason', code: 'coldchainbreak', display: 'Cold Chain Break' }] },
    };
    const silent: VaccinationRecord = { ...first, id: 'silent', date: c.assessmentDate, partial: true };
    const el = await show(createMemoryAdapter({ immunizations: { records: [{ ...record, vaccinations: [...record.vaccinations, coldChain, silent] }] } }), record.patient.ref, { asOf: c.assessmentDate });
    const section = el.shadowRoot!.querySelector(`[part~="group"][data-group="${group}"]`)!;
    const dose = (id: string) => section.querySelector(`[data-id="${id}"]`)!.textContent!.replace(/\s+/g, ' ');
    expect(dose('cold-chain')).to.contain('Not a full dose: Cold Chain Break');
    expect(dose('silent')).to.contain('Not a full dose');
    expect(dose('silent')).to.not.match(/partial/i);
    expect(section.querySelector('.count')!.textContent!.trim()).to.equal(inGroup === 1 ? '1 dose' : `${inGroup} doses`);
  });
});
