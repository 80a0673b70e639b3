/**
 * <engage-health-tracker> through the FHIR adapter, the fault proxy and the local FHIR
 * server: a reading whose answer is lost, then retried, is one Observation; twenty CSV
 * rows imported under random faults, retried until all are saved, are exactly twenty
 * Observations. What the server holds is read from its own URL, not through the proxy or
 * the port.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/health-tracker/health-tracker.js';
import type { EngageHealthTracker } from '../../src/elements/health-tracker/health-tracker.js';
import { createFhirHealthTracker } from '../../src/adapters/fhir/index.js';
import { fhirEndpoints, setFault, waitFor } from './helpers.js';
import { readAll, soakPatient } from './soak/server.js';

const NOW = () => new Date(2024, 5, 15, 12, 0, 0);
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const LOSE_ANSWER = { kind: 'drop-after', methods: ['POST', 'PUT'], bodyContains: '"Observation"', count: 1 };

function type(input: HTMLInputElement | HTMLTextAreaElement | null, value: string): void {
  input!.value = value;
  input!.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

describe('engage-health-tracker over FHIR with faults', () => {
  let fhirUrl: string;
  let proxyUrl: string;
  before(async () => {
    ({ fhirUrl, proxyUrl } = await fhirEndpoints());
  });
  afterEach(() => setFault(undefined));

  async function mountFor(patient: string): Promise<EngageHealthTracker> {
    const el = await mount<EngageHealthTracker>(
      html`<engage-health-tracker
        .adapter=${createFhirHealthTracker({ baseUrl: proxyUrl, maxRetries: 0 })}
        .session=${{ patient, role: 'patient', locale: 'en', now: NOW }}
      ></engage-health-tracker>`,
    );
    await waitFor(() => $(el, '[part~="empty"], [part~="type"]'), 'the tracker');
    return el;
  }

  it('a blood pressure whose answer is lost keeps its input; the retry leaves one Observation, patient-reported', async () => {
    const patient = await soakPatient(fhirUrl, 'Tracker');
    const el = await mountFor(patient);
    type($<HTMLInputElement>(el, '#value-0'), '132');
    type($<HTMLInputElement>(el, '#value-1'), '84');
    await setFault(LOSE_ANSWER);
    $<HTMLButtonElement>(el, '[part~="save-button"]')!.click();
    await waitFor(() => $(el, '[part~="error"]'), 'the save to fail');
    expect($<HTMLInputElement>(el, '#value-0')!.value).to.equal('132');
    expect(await readAll(fhirUrl, `Observation?subject=${patient}`), 'the first attempt landed').to.have.length(1);
    $<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
    await waitFor(() => $(el, '.saved'), 'saved');
    const stored = await readAll(fhirUrl, `Observation?subject=${patient}`);
    expect(stored).to.have.length(1);
    const o = stored[0] as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(o.code.coding[0].code).to.equal('85354-9');
    expect(o.component.map((c: any) => [c.code.coding[0].code, c.valueQuantity.value, c.valueQuantity.code])).to.deep.equal([ // eslint-disable-line @typescript-eslint/no-explicit-any
      ['8480-6', 132, 'mm[Hg]'],
      ['8462-4', 84, 'mm[Hg]'],
    ]);
    expect(o.performer[0].reference).to.equal(patient);
    expect(o.meta.tag.some((t: { code?: string }) => t.code === 'patient-reported')).to.equal(true);
    await waitFor(() => $(el, '[data-type="blood-pressure"] tbody tr'), 'the reading listed from the server');
  });

  it('lost answer, then the values edited and retried: one Observation holding what the patient last saw', async () => {
    const patient = await soakPatient(fhirUrl, 'TrackerEdit');
    const el = await mountFor(patient);
    type($<HTMLInputElement>(el, '#value-0'), '150');
    type($<HTMLInputElement>(el, '#value-1'), '90');
    await setFault(LOSE_ANSWER);
    $<HTMLButtonElement>(el, '[part~="save-button"]')!.click();
    await waitFor(() => $(el, '[part~="error"]'), 'the save to fail');
    type($<HTMLInputElement>(el, '#value-0'), '140');
    $<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
    await waitFor(() => $(el, '.saved'), 'saved');
    const stored = await readAll(fhirUrl, `Observation?subject=${patient}`);
    expect(stored.map((o) => (o as Record<string, any>).component.map((c: any) => c.valueQuantity.value))).to.deep.equal([[140, 90]]); // eslint-disable-line @typescript-eslint/no-explicit-any
  });

  it('twenty CSV rows imported under random faults, retried until saved: exactly twenty Observations', async () => {
    const patient = await soakPatient(fhirUrl, 'TrackerImport');
    const el = await mountFor(patient);
    const rows = Array.from({ length: 20 }, (_, i) => `2024-05-${String(i + 1).padStart(2, '0')},blood-pressure,${120 + i}/${70 + (i % 10)},mmHg`);
    type($<HTMLTextAreaElement>(el, '#csv-text'), ['date,type,value,unit', ...rows].join('\n'));
    $<HTMLButtonElement>(el, '[part~="check-button"]')!.click();
    await waitFor(() => $(el, '[part~="import-button"]'), 'the preview');
    await setFault({ kind: 'chaos', seed: 16, rate: 0.35, kinds: ['status-503', 'drop', 'drop-after', 'malformed', 'outcome', 'hold'], ms: 100 });
    let attempts = 0;
    for (; attempts < 40 && !/^20 readings saved\.$/.test(text($(el, '.import__result'))); attempts++) {
      const button = await waitFor(() => $<HTMLButtonElement>(el, '[part~="import-button"]:not([aria-disabled="true"])') ?? (text($(el, '.import__result')) === '20 readings saved.' && el), 'the import to finish');
      if (button instanceof HTMLButtonElement) button.click();
      await waitFor(() => text($(el, '.import__result')), 'an import result');
    }
    await setFault(undefined);
    expect(text($(el, '.import__result'))).to.equal('20 readings saved.');
    expect(attempts, 'the faults made some rows fail at first').to.be.greaterThan(1);
    const stored = await readAll(fhirUrl, `Observation?subject=${patient}&_count=100`);
    const values = stored.map((o) => (o as Record<string, any>).component.map((c: any) => c.valueQuantity.value).join('/')).sort(); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(values).to.deep.equal(rows.map((r) => r.split(',')[2]).sort());
  });
});
