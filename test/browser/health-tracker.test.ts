/**
 * <engage-health-tracker> over the memory adapter: entry with unit conversion, the safety
 * alert, charts with their table and goal, patient-reported vs clinic marked in words, a
 * failed save that keeps the input and retries under the same key, the CSV import preview
 * with per-row problems (XSS in fields inert), idempotent import, Spanish, the clinician
 * view, keyboard and axe.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/health-tracker/health-tracker.js';
import type { EngageHealthTracker } from '../../src/elements/health-tracker/health-tracker.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { HealthGoal, Reading } from '../../src/adapters/ports.js';
import { setTimeZone, waitFor } from './helpers.js';
import { hits, installTraps, xssPayloads } from './xss-traps.js';

const NOW = () => new Date(2024, 5, 15, 12, 0, 0);
const PATIENT = 'Patient/p1';
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = (el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

const bp = (effective: string, sys: number, dia: number, source: Reading['source']): Reading => ({
  typeId: 'blood-pressure',
  code: { system: 'http://loinc.org', code: '85354-9' },
  patient: PATIENT,
  effective,
  values: [
    { code: '8480-6', quantity: { value: sys, unit: 'mm[Hg]', code: 'mm[Hg]' } },
    { code: '8462-4', quantity: { value: dia, unit: 'mm[Hg]', code: 'mm[Hg]' } },
  ],
  source,
});
const GOAL: HealthGoal = {
  id: 'g1',
  description: 'Systolic below 130',
  status: 'active',
  targets: [{ code: '8480-6', high: { value: 130, unit: 'mm[Hg]', code: 'mm[Hg]' } }],
};

async function tracker(options: Parameters<typeof createMemoryAdapter>[0] = {}, session: Record<string, unknown> = {}) {
  const adapter = createMemoryAdapter(options);
  const el = await mount<EngageHealthTracker>(
    html`<engage-health-tracker .adapter=${adapter} .session=${{ patient: PATIENT, role: 'patient', locale: 'en', now: NOW, ...session }}></engage-health-tracker>`,
  );
  await waitFor(() => !$(el, '[part~="loading"]') && $(el, '[part~="base"]'), 'the tracker');
  return { el, adapter };
}

function type(input: HTMLInputElement | HTMLTextAreaElement | null, value: string): void {
  input!.value = value;
  input!.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

function choose(select: HTMLSelectElement | null, value: string): void {
  select!.value = value;
  select!.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

async function listed(adapter: ReturnType<typeof createMemoryAdapter>): Promise<Reading[]> {
  return adapter.healthTracker.listReadings(PATIENT, {});
}

describe('engage-health-tracker', () => {
  it('charts readings with a table, the goal line, and marks who measured each in words', async () => {
    const { el } = await tracker({ healthTracker: { readings: [bp('2024-06-01T08:00:00-04:00', 142, 90, 'patient'), bp('2024-06-10', 128, 82, 'clinic')], goals: [GOAL] } });
    const section = await waitFor(() => $(el, '[part~="type"][data-type="blood-pressure"]'), 'the blood pressure section');
    expect(text(section.querySelector('[part~="goal"]'))).to.equal('Goal: Top number below 130 mmHg');
    const rows = [...section.querySelectorAll('tbody tr')].map((r) => [...r.querySelectorAll('td')].map(text));
    expect(rows[0]).to.deep.equal(['Jun 10, 2024', '128/82 mmHg', 'Clinic']);
    // the time as written where it was measured (with its offset when the viewer's differs)
    expect(rows[1]![0]).to.match(/^Jun 1, 2024, 8:00 AM( UTC−4)?$/);
    expect(rows[1]!.slice(1)).to.deep.equal(['142/90 mmHg', 'You or your caregiver']);
    // the chart: a line per part, a marker per reading (circle at home, square at the clinic), the goal line
    expect(section.querySelectorAll('polyline.series').length).to.equal(2);
    expect(section.querySelectorAll('circle.mark').length).to.equal(2);
    expect(section.querySelectorAll('rect.mark--clinic').length).to.equal(2);
    expect(section.querySelectorAll('line.target').length).to.equal(1);
    expect(section.querySelector('svg')!.getAttribute('aria-label')).to.contain('2 readings').and.contain('Latest: 128/82 mmHg');
    await expect(el).to.be.accessible();
  });

  it('a goal with no target the tracker can chart is listed in words (a Synthea A1c goal)', async () => {
    const a1c: HealthGoal = { id: 'g2', description: 'Hemoglobin A1c total in Blood < 7.0', status: 'active', targets: [] };
    const done: HealthGoal = { id: 'g3', description: 'Walk every day', status: 'completed', targets: [] };
    const { el } = await tracker({ healthTracker: { goals: [a1c, done, GOAL] } });
    const goals = await waitFor(() => $(el, '[part~="goals"]'), 'the other goals');
    expect([...goals.querySelectorAll('li')].map(text)).to.deep.equal(['Hemoglobin A1c total in Blood < 7.0']);
    // the blood-pressure goal is drawn with its type even before any reading
    expect(text($(el, '[data-type="blood-pressure"] [part~="goal"]'))).to.equal('Goal: Top number below 130 mmHg');
  });

  it('the empty state, and a weight entered in pounds is stored in kilograms (UCUM)', async () => {
    const { el, adapter } = await tracker();
    expect(text($(el, '[part~="empty"]'))).to.contain('No readings yet');
    choose($<HTMLSelectElement>(el, '#type'), 'weight');
    await el.updateComplete;
    expect($<HTMLSelectElement>(el, '#unit')!.value).to.equal('[lb_av]');
    type($<HTMLInputElement>(el, '#value-0'), '150');
    $<HTMLButtonElement>(el, '[part~="save-button"]')!.click();
    await waitFor(() => $(el, '.saved'), 'saved');
    const [saved] = await listed(adapter);
    // 150 lb × 0.45359237 kg/lb = 68.0388555 kg, kept to 2 decimals
    expect(saved!.values[0]!.quantity).to.include({ value: 68.04, code: 'kg' });
    expect(saved!.effective).to.equal('2024-06-15');
    expect(saved!.performer).to.equal(PATIENT);
    await waitFor(() => $(el, '[data-type="weight"] tbody tr'), 'the new reading listed');
  });

  it('a blood pressure of 182/95 shows at once what to do, and is saved', async () => {
    const { el, adapter } = await tracker();
    let danger: string[] = [];
    el.addEventListener('engage-reading-danger', (e) => (danger = e.detail.rules.map((r) => r.id)));
    type($<HTMLInputElement>(el, '#value-0'), '182');
    type($<HTMLInputElement>(el, '#value-1'), '95');
    type($<HTMLInputElement>(el, '#time'), '08:30');
    $<HTMLButtonElement>(el, '[part~="save-button"]')!.click();
    const alert = await waitFor(() => $(el, '[part~="danger"]'), 'the danger alert');
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(text(alert)).to.contain('This reading is very high.').and.contain('rest for 5 minutes').and.contain('call your care team now').and.contain('Call 911 if you also have chest pain');
    expect(danger).to.deep.equal(['bp-systolic-crisis']);
    await waitFor(() => $(el, '.saved'), 'saved');
    const [saved] = await listed(adapter);
    expect(saved!.values.map((v) => v.quantity.value)).to.deep.equal([182, 95]);
    expect(saved!.effective).to.match(/^2024-06-15T08:30:00[+-]\d{2}:\d{2}$/);
    await expect(el).to.be.accessible();
  });

  it('a blood sugar of 2.9 mmol/L (52 mg/dL) says to treat a low now; 3.0 mmol/L (54 mg/dL) does not', async () => {
    const { el, adapter } = await tracker();
    choose($<HTMLSelectElement>(el, '#type'), 'glucose');
    await el.updateComplete;
    choose($<HTMLSelectElement>(el, '#unit'), 'mmol/L');
    type($<HTMLInputElement>(el, '#value-0'), '3,0');
    $<HTMLInputElement>(el, 'input[value="before-meal"]')!.click();
    $<HTMLButtonElement>(el, '[part~="save-button"]')!.click();
    await waitFor(() => $(el, '.saved'), 'saved');
    expect($(el, '[part~="danger"]')).to.equal(null);
    type($<HTMLInputElement>(el, '#value-0'), '2.9');
    $<HTMLButtonElement>(el, '[part~="save-button"]')!.click();
    const alert = await waitFor(() => $<HTMLElement>(el, '[part~="danger"]'), 'the low alert');
    expect(alert.dataset.action).to.equal('treat-low-sugar');
    expect(text(alert)).to.contain('15 grams of fast sugar');
    await waitFor(() => $(el, '.saved'), 'saved again');
    const values = (await listed(adapter)).map((r) => [r.values[0]!.quantity.value, r.mealContext]);
    // 3.0 × 180.156 / 10 = 54.05 → 54; 2.9 → 52.2 → 52 (mg/dL, whole numbers)
    expect(values).to.deep.equal([[54, 'before-meal'], [52, 'before-meal']]);
  });

  it('a value out of range or a missing number is named and focused; nothing is saved', async () => {
    const { el, adapter } = await tracker();
    type($<HTMLInputElement>(el, '#value-0'), '120');
    $<HTMLButtonElement>(el, '[part~="save-button"]')!.click();
    await waitFor(() => text($(el, '#entry-problem')), 'the problem');
    expect(text($(el, '#entry-problem'))).to.equal('Enter a number.');
    expect(el.shadowRoot!.activeElement?.id).to.equal('value-0');
    type($<HTMLInputElement>(el, '#value-1'), '8000');
    $<HTMLButtonElement>(el, '[part~="save-button"]')!.click();
    await waitFor(() => text($(el, '#entry-problem')).includes('out of range'), 'out of range');
    type($<HTMLInputElement>(el, '#date'), '2024-06-16');
    type($<HTMLInputElement>(el, '#value-1'), '80');
    $<HTMLButtonElement>(el, '[part~="save-button"]')!.click();
    await waitFor(() => text($(el, '#entry-problem')).includes('after today'), 'future date');
    expect(el.shadowRoot!.activeElement?.id).to.equal('date');
    expect(await listed(adapter)).to.have.length(0);
  });

  it('a save whose answer is lost keeps the input; Try again stores it once, under the same key', async () => {
    const { el, adapter } = await tracker();
    const keys: string[] = [];
    const record = adapter.healthTracker.recordReading.bind(adapter.healthTracker);
    adapter.healthTracker.recordReading = (reading, options) => (keys.push(options.idempotencyKey), record(reading, options));
    adapter.healthTracker.loseAnswers(1);
    type($<HTMLInputElement>(el, '#value-0'), '135');
    type($<HTMLInputElement>(el, '#value-1'), '85');
    $<HTMLButtonElement>(el, '[part~="save-button"]')!.click();
    const error = await waitFor(() => $(el, '[part~="error"]'), 'the save error');
    expect(text(error)).to.contain('Your reading was not saved yet. It is still here.');
    expect($<HTMLInputElement>(el, '#value-0')!.value).to.equal('135');
    expect($<HTMLInputElement>(el, '#value-1')!.value).to.equal('85');
    $<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
    await waitFor(() => $(el, '.saved'), 'saved');
    expect(keys).to.have.length(2);
    expect(keys[0]).to.equal(keys[1]);
    expect(adapter.healthTracker.writesWithKey(keys[0]!)).to.equal(1);
    expect(await listed(adapter)).to.have.length(1);
  });

  it('a save that fails (save failed state) keeps the input', async () => {
    const { el, adapter } = await tracker({ healthTracker: { failSavesWith: 'server' } });
    type($<HTMLInputElement>(el, '#value-0'), '120');
    type($<HTMLInputElement>(el, '#value-1'), '80');
    $<HTMLButtonElement>(el, '[part~="save-button"]')!.click();
    await waitFor(() => $(el, '[part~="error"]'), 'the save error');
    expect($<HTMLInputElement>(el, '#value-0')!.value).to.equal('120');
    expect(await listed(adapter)).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('CSV import: a preview names every row problem; valid rows save once, even when imported twice', async () => {
    const { el, adapter } = await tracker();
    const csv = [
      'date,type,value,unit',
      '2024-06-01,blood-pressure,130/85,mmHg',
      '"2024-06-02 07:15",weight,"160,5",lb',
      '2024-06-03,glucose,5.6,mmol/L',
      '2024-06-04,cholesterol,200,mg/dL',
      '2024-06-05,pulse,fast,/min',
      '2024-02-30,pulse,70,bpm',
      '2024-06-06,pulse,70',
      '2024-06-07,pulse,70,furlongs',
    ].join('\r\n');
    type($<HTMLTextAreaElement>(el, '#csv-text'), csv);
    $<HTMLButtonElement>(el, '[part~="check-button"]')!.click();
    await waitFor(() => $(el, '[part~="preview"]'), 'the preview');
    const status = $$(el, '[part~="preview"] tbody tr').map((r) => [r.dataset.line, r.dataset.status, text(r.querySelector('td:last-child'))]);
    expect(status).to.deep.equal([
      ['2', 'ready', 'Ready'],
      ['3', 'ready', 'Ready'],
      ['4', 'ready', 'Ready'],
      ['5', 'problem', 'We do not know this type of reading.'],
      ['6', 'problem', 'This is not a number.'],
      ['7', 'problem', 'Enter a real date, like 2024-06-15.'],
      ['8', 'problem', 'This row needs 4 parts: date, type, value, unit.'],
      ['9', 'problem', 'We do not know this unit.'],
    ]);
    expect(text($(el, '.import__summary'))).to.equal('3 rows are ready. 5 rows have a problem and will not be saved.');
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[part~="import-button"]')!.click();
    await waitFor(() => text($(el, '.import__result')) === '3 readings saved.', 'the import result');
    // importing the same file again stores nothing new: each row's key comes from its content
    $<HTMLButtonElement>(el, '[part~="check-button"]')!.click();
    await waitFor(() => $(el, '[part~="import-button"]'), 'the preview again');
    $<HTMLButtonElement>(el, '[part~="import-button"]')!.click();
    await waitFor(() => text($(el, '.import__result')) === '3 readings saved.', 'the second import');
    const stored = await listed(adapter);
    expect(stored.map((r) => [r.typeId, r.values.map((v) => v.quantity.value).join('/')])).to.deep.equal([
      ['blood-pressure', '130/85'],
      ['weight', '72.8'], // 160.5 lb × 0.45359237 = 72.80157… kg
      ['glucose', '101'], // 5.6 mmol/L × 18.0156 = 100.887 mg/dL
    ]);
  });

  it('XSS payloads in CSV fields are shown as text and run nothing', async () => {
    const restore = installTraps();
    try {
      hits.length = 0;
      const { el } = await tracker();
      const payloads = (await xssPayloads()).map((p) => p.payload);
      const csv = payloads.map((p) => `2024-06-01,"${p.replace(/"/g, '""')}",1,kg`).join('\n');
      type($<HTMLTextAreaElement>(el, '#csv-text'), csv);
      $<HTMLButtonElement>(el, '[part~="check-button"]')!.click();
      await waitFor(() => $(el, '[part~="preview"]'), 'the preview');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const cells = $$(el, '[part~="preview"] td.raw');
      expect(cells.length).to.equal(payloads.length);
      for (const cell of cells) expect(cell.children.length, cell.textContent ?? '').to.equal(0);
      expect(hits).to.deep.equal([]);
    } finally {
      restore();
    }
  });

  it('speaks Spanish', async () => {
    const { el } = await tracker({ healthTracker: { readings: [bp('2024-06-10', 128, 82, 'patient')], goals: [GOAL] } }, { locale: 'es' });
    await waitFor(() => text($(el, '.title')) === 'Mis mediciones de salud', 'Spanish');
    expect(text($(el, '[part~="goal"]'))).to.equal('Meta: Número de arriba por debajo de 130 mmHg');
    expect(text($(el, '[data-type="blood-pressure"] tbody td:nth-child(3)'))).to.equal('Usted o su cuidador');
  });

  it('the clinician view: readings beside clinic measurements, patient-reported marked; no entry form', async () => {
    const { el } = await tracker(
      { healthTracker: { readings: [bp('2024-06-01', 150, 95, 'patient'), bp('2024-06-10', 128, 82, 'clinic')], goals: [GOAL] } },
      { role: 'clinician' },
    );
    await waitFor(() => $(el, '[part~="type"]'), 'the readings');
    expect($(el, '[part~="form"]')).to.equal(null);
    expect($(el, '[part~="import"]')).to.equal(null);
    expect($$(el, 'tbody td:nth-child(3)').map(text)).to.deep.equal(['Clinic measurement', 'Patient-reported']);
    await expect(el).to.be.accessible();
  });

  it('can be used with the keyboard alone', async () => {
    const { el, adapter } = await tracker();
    $<HTMLSelectElement>(el, '#type')!.focus();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '118' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '76' });
    $<HTMLButtonElement>(el, '[part~="save-button"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => $(el, '.saved'), 'saved');
    expect((await listed(adapter))[0]!.values.map((v) => v.quantity.value)).to.deep.equal([118, 76]);
  });
});

describe('engage-health-tracker: the days shown are calendar days', () => {
  it('"the last 30 days" across the spring clock change starts 30 calendar days back, not 30 × 24 hours', async () => {
    await setTimeZone('America/New_York');
    try {
      // 00:30 on 9 March 2026 in New York, the night after clocks sprang forward (8 March):
      // 30 days back is 7 February; 30 × 24 hours back is 23:30 on 6 February
      const now = () => new Date(2026, 2, 9, 0, 30);
      const adapter = createMemoryAdapter({ healthTracker: { readings: [bp('2026-02-06', 150, 95, 'patient'), bp('2026-02-07', 128, 82, 'patient')] } });
      const el = await mount<EngageHealthTracker>(
        html`<engage-health-tracker days="30" .adapter=${adapter} .session=${{ patient: PATIENT, role: 'patient', locale: 'en', now }}></engage-health-tracker>`,
      );
      await waitFor(() => $$(el, '[part~="readings"] tbody tr').length, 'the readings');
      expect($$(el, '[part~="readings"] tbody tr').map((tr) => text(tr.querySelector('td')))).to.deep.equal(['Feb 7, 2026']);
    } finally {
      await setTimeZone('UTC');
    }
  });
});
