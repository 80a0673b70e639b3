import { expect, fixture as mount, html } from '@open-wc/testing';
import { render } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/core/provider.js';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { ClinicalSummary, EngageAdapter, SummaryPort } from '../../src/adapters/ports.js';
import { EngageError } from '../../src/core/errors.js';
import { applyLocale } from '../../src/core/localization.js';
import { fixture, setTimeZone, shadowText, waitFor } from './helpers.js';
import { emptySummary, hugeSummary, sampleCcda, sampleIps, typicalSummary } from '../../stories/data/summaries.js';
import * as stories from '../../stories/clinical-summary.stories.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

const PATIENT = 'Patient/typical';

function adapterWith(summary: ClinicalSummary = typicalSummary, extra: Record<string, unknown> = {}) {
  return createMemoryAdapter({ summary: { summaries: { [PATIENT]: summary }, documents: { [PATIENT]: sampleIps }, ...extra } });
}

async function summaryEl(
  adapter: EngageAdapter | undefined,
  session: Record<string, unknown> = {},
  attrs: { sections?: string } = {},
): Promise<EngageClinicalSummary> {
  return mount<EngageClinicalSummary>(html`<engage-clinical-summary
    sections=${attrs.sections ?? ''}
    .adapter=${adapter}
    .session=${{ patient: PATIENT, locale: 'en-US', ...session }}
  ></engage-clinical-summary>`);
}

const loaded = (el: EngageClinicalSummary) =>
  waitFor(() => el.shadowRoot?.querySelector('[part~="section"], [part~="error"], [part~="not-configured"], .empty'), 'summary');

const section = (el: Element, key: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-section="${key}"]`)!;
/** Text as a reader hears it: a term and its description read "Term: description". */
function readable(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.nodeValue ?? '';
  const inner = [...node.childNodes].map(readable).join('');
  return (node as Element).localName === 'dt' ? `${inner}: ` : inner;
}
const sectionText = (el: Element, key: string) => readable(section(el, key) ?? document.createTextNode('')).replace(/\s+/g, ' ').trim();
const headings = (el: Element) =>
  [...el.shadowRoot!.querySelectorAll('[data-section-toggle]')].map((b) => b.textContent!.replace(/\s+/g, ' ').trim());

describe('<engage-clinical-summary>', function () {
  afterEach(() => applyLocale('en'));

  it('shows sections in clinical order with plain-language headings and counts for patients', async () => {
    const el = await summaryEl(adapterWith());
    await loaded(el);
    expect(headings(el)).to.deep.equal([
      'Health problems 2',
      'Allergies 2',
      'Medicines 2',
      'Vaccines 3',
      'Test results 3',
      'Body measurements 2',
      'Lifestyle 1',
      'Procedures and surgeries 1',
      'Visits 1',
      'Care plan 1',
      'Your goals 1',
      'Notes and documents',
    ]);
    expect(el.shadowRoot!.querySelector('.summary--comfortable')).to.not.equal(null);
    const heading = el.shadowRoot!.querySelector('[data-section="problems"] [role="heading"]')!;
    expect(heading.getAttribute('aria-level')).to.equal('3');
    await expect(el).to.be.accessible();
  });

  it('uses clinical names and a compact layout for clinicians', async () => {
    const el = await summaryEl(adapterWith(), { role: 'clinician' });
    await loaded(el);
    expect(headings(el).slice(0, 4)).to.deep.equal(['Problems 2', 'Allergies and intolerances 2', 'Medications 2', 'Immunizations 3']);
    expect(el.shadowRoot!.querySelector('.summary--compact')).to.not.equal(null);
    expect(sectionText(el, 'medications')).to.contain('Sig');
  });

  it('lets the host choose and order sections, and asks the port only for those', async () => {
    const port = adapterWith().summary;
    const asked: unknown[] = [];
    const spy: SummaryPort = { getSummary: (p, q, o) => (asked.push(q?.sections), port.getSummary(p, q, o)) };
    const el = await summaryEl({ summary: spy }, {}, { sections: 'medications, allergies bogus' });
    await loaded(el);
    expect(headings(el)).to.deep.equal(['Medicines 2', 'Allergies 2']);
    expect(asked).to.deep.equal([['medications', 'allergies']]);
  });

  it('shows each kind of entry with its facts', async () => {
    const el = await summaryEl(adapterWith());
    await loaded(el);
    expect(sectionText(el, 'problems')).to.contain('Type 2 diabetes Since: Mar 4, 2015 Status: Active');
    expect(sectionText(el, 'problems')).to.contain('Hypertension Since: Nov 2012');
    expect(sectionText(el, 'allergies')).to.contain('Penicillin Reaction: Hives — Severe Risk: High risk Status: Active Since: 1999');
    expect(sectionText(el, 'medications')).to.contain(
      'Metformin 500 mg tablet How to take: Take 1 tablet twice a day with meals Status: Active Prescribed by: Dr. Ana Ruiz Prescribed: Jan 15, 2024 Last filled: May 30, 2024',
    );
    expect(sectionText(el, 'immunizations')).to.contain('Influenza, seasonal Date: Oct 2, 2023 Dose: 1 of 1 Status: Completed');
    expect(sectionText(el, 'immunizations')).to.contain('COVID-19 mRNA Date: Sep 30, 2022 Status: Not given Reason: Patient declined');
    expect(sectionText(el, 'vitals')).to.contain('Systolic: 132 mmHg; Diastolic: 84 mmHg');
    expect(sectionText(el, 'encounters')).to.contain('Reason: Diabetes follow-up Where: Main Street Clinic With: Dr. Ana Ruiz');
  });

  it('groups results by test, latest first, with range, flag in words and icon, a trend and a history table', async () => {
    const el = await summaryEl(adapterWith());
    await loaded(el);
    const entries = [...section(el, 'results').querySelectorAll('[part~="entry"]')];
    expect(entries.length).to.equal(3);
    const a1c = entries.find((e) => e.textContent!.includes('Hemoglobin A1c'))!;
    expect(a1c.querySelector('.result__value')!.textContent).to.equal('7.9%');
    const flag = a1c.querySelector('[part~="flag"]')!;
    expect(flag.textContent!.replace(/\s+/g, ' ').trim()).to.equal('High');
    // the symbol is an icon (src/core/icons.ts) hidden from screen readers, beside the words
    expect(flag.querySelector<SVGElement>('svg[aria-hidden="true"]')!.dataset.icon).to.equal('arrow-up');
    expect(readable(a1c).replace(/\s+/g, ' ')).to.contain('Normal range: 4 – 5.6%');
    const trend = a1c.querySelector('svg[role="img"]')!;
    expect(trend.getAttribute('aria-label')).to.equal(
      'Trend of Hemoglobin A1c (average blood sugar), oldest to newest: 7.5%, Dec 1, 2022; 6.8%, Jun 1, 2023; 7.2%, Dec 1, 2023; 7.9%, Jun 1, 2024',
    );
    // #19: a trend with labelled axes, like a portal's: dates along x (first and latest),
    // the lowest and highest value up y, and the normal range as a band
    const label = (axis: string) => [...trend.querySelectorAll(`.trend__axis-label--${axis}`)].map((t) => t.textContent!.trim());
    expect(label('x')).to.deep.equal(['Dec 1, 2022', 'Jun 1, 2024']);
    expect(label('y')).to.deep.equal(['6.8%', '7.9%']);
    expect(trend.querySelectorAll('.trend__axis').length).to.equal(2);
    expect(trend.querySelector('.trend__range'), 'the normal range band').to.not.equal(null);
    // every value a point: the earlier ones one small circle each in one path, the latest its own circle
    const earlier = trend.querySelector('path.trend__point')!.getAttribute('d')!.match(/M/g)!.length;
    expect(earlier + trend.querySelectorAll('circle.trend__last').length).to.equal(4);
    // the history table renders when the reader opens it
    expect(a1c.querySelector('details table')).to.equal(null);
    a1c.querySelector<HTMLElement>('details summary')!.click();
    await waitFor(() => a1c.querySelector('details tbody tr'), 'history table');
    const rows = [...a1c.querySelectorAll('details tbody tr')].map((r) => r.textContent!.replace(/\s+/g, ' ').trim());
    expect(rows).to.deep.equal(['Dec 1, 2023 7.2% High', 'Jun 1, 2023 6.8% High', 'Dec 1, 2022 7.5% High']);
    expect(a1c.querySelector('details summary')!.textContent).to.contain('Earlier results (3)');
    // a single value has no trend
    const potassium = entries.find((e) => e.textContent!.includes('Potassium'))!;
    expect(potassium.querySelector('svg[role="img"]')).to.equal(null);
    expect(potassium.querySelector('[part~="flag"]')!.textContent).to.contain('Normal');
    await expect(el).to.be.accessible();
  });

  it('hides inactive and entered-in-error entries until asked, and says so', async () => {
    const el = await summaryEl(adapterWith());
    await loaded(el);
    expect(sectionText(el, 'problems')).to.not.contain('Acute bronchitis');
    expect(sectionText(el, 'problems')).to.not.contain('wrong chart');
    expect(sectionText(el, 'problems')).to.contain('2 inactive or entered-in-error entries are hidden.');
    expect(sectionText(el, 'medications')).to.not.contain('Amoxicillin');
    const toggle = el.shadowRoot!.querySelector<HTMLInputElement>('.toggle input')!;
    toggle.click();
    await el.updateComplete;
    expect(sectionText(el, 'problems')).to.contain('Acute bronchitis');
    expect(sectionText(el, 'problems')).to.contain('Resolved: Jan 24, 2023');
    expect(sectionText(el, 'problems')).to.contain('Asthma (wrong chart)Entered in error');
    expect(sectionText(el, 'medications')).to.contain('Amoxicillin');
    expect(el.shadowRoot!.querySelector('[role="status"][aria-live="polite"]')!.textContent).to.contain(
      'Showing inactive and entered-in-error entries.',
    );
  });

  it('tells "no known allergies" apart from "allergies not recorded"', async () => {
    const el = await summaryEl(adapterWith(emptySummary));
    await loaded(el);
    expect(sectionText(el, 'allergies')).to.contain('No known allergies');
    expect(sectionText(el, 'medications')).to.contain('Takes no medicines');
    expect(sectionText(el, 'problems')).to.contain('Health problems not recorded');
    expect(sectionText(el, 'immunizations')).to.contain('Nothing recorded');
    const unrecorded = await summaryEl(adapterWith({ source: 'live', sections: { allergies: { state: 'not-recorded' } } }));
    await loaded(unrecorded);
    expect(shadowText(unrecorded)).to.contain('Allergies not recorded');
    expect(shadowText(unrecorded)).to.not.contain('No known allergies');
    await expect(el).to.be.accessible();
  });

  it('collapses sections and moves between section headings with the keyboard', async () => {
    const el = await summaryEl(adapterWith());
    await loaded(el);
    const toggles = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[data-section-toggle]')];
    // real key presses: from the last toolbar control, Tab reaches the first section heading
    el.shadowRoot!.querySelector<HTMLInputElement>('.toggle input')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(toggles[0]);
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(toggles[0]!.getAttribute('aria-expanded')).to.equal('false');
    const body = el.shadowRoot!.getElementById(toggles[0]!.getAttribute('aria-controls')!)!;
    expect(body.hidden).to.equal(true);
    await sendKeys({ press: 'ArrowDown' });
    expect(el.shadowRoot!.activeElement).to.equal(toggles[1]);
    await sendKeys({ press: 'End' });
    expect(el.shadowRoot!.activeElement).to.equal(toggles.at(-1));
    await sendKeys({ press: 'ArrowDown' });
    expect(el.shadowRoot!.activeElement).to.equal(toggles[0]);
    await sendKeys({ press: 'ArrowUp' });
    expect(el.shadowRoot!.activeElement).to.equal(toggles.at(-1));
    await sendKeys({ press: 'Home' });
    expect(el.shadowRoot!.activeElement).to.equal(toggles[0]);
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(body.hidden).to.equal(false);
  });

  it('shows one failed section as an error with retry and the others as usual', async () => {
    let calls = 0;
    const port = adapterWith(typicalSummary, { sectionFailures: { results: 'server' } }).summary;
    const good = adapterWith().summary;
    const flaky: SummaryPort = { getSummary: (p, q, o) => (++calls === 1 ? port.getSummary(p, q, o) : good.getSummary(p, q, o)) };
    const el = await summaryEl({ summary: flaky });
    await loaded(el);
    const results = section(el, 'results');
    expect(results.querySelector('[role="alert"]')!.textContent).to.contain('This section could not be loaded.');
    expect(sectionText(el, 'problems')).to.contain('Type 2 diabetes');
    await expect(el).to.be.accessible();
    results.querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
    await waitFor(() => section(el, 'results')?.querySelector('[part~="entry"]'), 'results after retry');
    expect(calls).to.equal(2);
  });

  it('shows loading, a whole-summary error with retry, and not-configured states', async () => {
    const loading = await summaryEl(createMemoryAdapter({ summary: { summaries: { [PATIENT]: typicalSummary } }, latencyMs: Infinity }));
    const status = await waitFor(() => loading.shadowRoot!.querySelector('[part~="loading"]'), 'loading');
    expect(status.textContent).to.contain('Loading the summary…');
    let calls = 0;
    const failing: SummaryPort = {
      async getSummary() {
        if (++calls === 1) throw new EngageError('network', 'down');
        return typicalSummary;
      },
    };
    const el = await summaryEl({ summary: failing });
    const alert = await waitFor(() => el.shadowRoot!.querySelector('[part~="error"]'), 'error');
    expect(alert.textContent).to.contain('We could not reach the server.');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
    await waitFor(() => el.shadowRoot!.querySelector('[part~="section"]'), 'summary after retry');
    const none = await summaryEl({});
    await loaded(none);
    expect(shadowText(none)).to.contain('an adapter with a "summary" port');
    const noPatient = await summaryEl(adapterWith(), { patient: undefined });
    await loaded(noPatient);
    expect(shadowText(noPatient)).to.contain('needs a patient');
  });

  it('passes the AbortSignal to the port and cancels a stale read when the patient changes', async () => {
    const signals: AbortSignal[] = [];
    const port: SummaryPort = {
      getSummary: (_p, _q, options) =>
        new Promise((resolve) => {
          signals.push(options!.signal!);
          setTimeout(() => resolve(typicalSummary), 200);
        }),
    };
    const el = await summaryEl({ summary: port });
    el.patient = 'Patient/other';
    await waitFor(() => el.shadowRoot!.querySelector('[part~="section"]'), 'summary');
    expect(signals.length).to.equal(2);
    expect(signals[0]!.aborted).to.equal(true);
    expect(signals[1]!.aborted).to.equal(false);
  });

  it('renders an IPS Bundle given as a property, with sanitized narrative for an empty section', async () => {
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary .bundle=${sampleIps} .session=${{ locale: 'en-US' }}></engage-clinical-summary>`);
    await loaded(el);
    expect(shadowText(el)).to.contain('From an International Patient Summary');
    expect(shadowText(el)).to.contain('Patient: Lucía Moreno');
    expect(sectionText(el, 'allergies')).to.contain('No known allergies');
    await waitFor(() => section(el, 'allergies').querySelector('.narrative')!.textContent === 'No known allergies.', 'sanitized narrative');
    expect(sectionText(el, 'results')).to.contain('11.2 g/dL');
    expect(sectionText(el, 'results')).to.contain('11.2 g/dL Low');
    expect(sectionText(el, 'medications')).to.contain('Salbutamol inhaler 100 mcg');
  });

  it('renders a C-CDA document given as XML text', async () => {
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary .ccda=${sampleCcda} .session=${{ locale: 'en-US', role: 'clinician' }}></engage-clinical-summary>`);
    await loaded(el);
    expect(shadowText(el)).to.contain('From a C-CDA document');
    expect(sectionText(el, 'problems')).to.contain('Hypertension Onset: Mar 1, 2018');
    expect(sectionText(el, 'allergies')).to.contain('Sulfamethoxazole Reaction: Rash');
    expect(sectionText(el, 'medications')).to.contain('Lisinopril 10 MG Oral Tablet Sig: Take 1 tablet by mouth daily');
    expect(sectionText(el, 'results')).to.contain('132 mg/dL High');
    expect(sectionText(el, 'results')).to.contain('Normal range: 70 – 99 mg/dL');
  });

  it('keeps calendar dates on their day in UTC-10 and UTC+14', async () => {
    try {
      for (const zone of ['Pacific/Honolulu', 'Pacific/Kiritimati']) {
        await setTimeZone(zone);
        const el = await summaryEl(adapterWith());
        await loaded(el);
        expect(sectionText(el, 'problems'), zone).to.contain('Since: Mar 4, 2015');
        expect(sectionText(el, 'medications'), zone).to.contain('Last filled: May 30, 2024');
        expect(sectionText(el, 'immunizations'), zone).to.contain('Date: Oct 2, 2023');
        const ccda = await mount<EngageClinicalSummary>(html`<engage-clinical-summary .ccda=${sampleCcda} .session=${{ locale: 'en-US' }}></engage-clinical-summary>`);
        await loaded(ccda);
        expect(sectionText(ccda, 'problems'), zone).to.contain('Mar 1, 2018');
        expect(sectionText(ccda, 'results'), zone).to.contain('May 10, 2024');
        el.remove();
        ccda.remove();
      }
    } finally {
      await setTimeZone('UTC');
    }
  });

  it('shows the first entries of a huge record quickly, the rest on request, keeping the place', async () => {
    const el = await summaryEl(adapterWith(hugeSummary(60, 60)), { role: 'clinician' });
    await loaded(el);
    expect(section(el, 'results').querySelectorAll('[part~="entry"]').length).to.equal(20);
    expect(section(el, 'encounters').querySelectorAll('[part~="entry"]').length).to.equal(20);
    const more = section(el, 'results').querySelector<HTMLButtonElement>('[data-show-all]')!;
    expect(more.textContent).to.contain('Show all 60');
    more.click();
    await waitFor(() => section(el, 'results').querySelectorAll('[part~="entry"]').length === 60, 'all results');
    expect(el.shadowRoot!.activeElement).to.equal(section(el, 'results').querySelectorAll('[part~="entry"]')[20]);
  });

  it('downloads the IPS as FHIR JSON and a self-contained web page without script', async () => {
    const saved: Blob[] = [];
    const original = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob | MediaSource) => (saved.push(blob as Blob), original.call(URL, blob as Blob));
    try {
      const el = await summaryEl(adapterWith());
      await loaded(el);
      el.shadowRoot!.querySelector<HTMLButtonElement>('[data-download="document"]')!.click();
      await waitFor(() => saved.length === 1, 'FHIR download');
      expect(saved[0]!.type).to.equal('application/fhir+json');
      expect(JSON.parse(await saved[0]!.text())).to.deep.equal(sampleIps);
      el.shadowRoot!.querySelector<HTMLButtonElement>('[data-download="html"]')!.click();
      await waitFor(() => saved.length === 2, 'HTML download');
      const page = await saved[1]!.text();
      expect(saved[1]!.type).to.equal('text/html');
      const doc = new DOMParser().parseFromString(page, 'text/html');
      expect(doc.querySelector('script, button, input')).to.equal(null);
      expect(doc.body.textContent).to.contain('Metformin 500 mg tablet');
      // every section and entry, even collapsed or beyond "show all"
      expect(doc.querySelectorAll('[data-section]').length).to.equal(12);
      expect(el.shadowRoot!.querySelector('[data-download="html"]')).to.not.equal(null);
    } finally {
      URL.createObjectURL = original;
    }
  });

  it('transmits through a cancelable event the host can take over', async () => {
    const adapter = adapterWith();
    const el = await summaryEl(adapter);
    await loaded(el);
    const events: CustomEvent[] = [];
    el.addEventListener('engage-summary-transmit', (e) => {
      events.push(e as CustomEvent);
      e.preventDefault();
    });
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-transmit-toggle]')!.click();
    await el.updateComplete;
    await waitFor(() => el.shadowRoot!.activeElement?.id === 'transmit-recipient', 'focus in the form');
    const recipient = el.shadowRoot!.querySelector<HTMLInputElement>('#transmit-recipient')!;
    recipient.value = 'dr.ruiz@direct.example.org';
    recipient.dispatchEvent(new Event('input'));
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitFor(() => events.length === 1, 'transmit event');
    expect(events[0]!.detail.recipient).to.equal('dr.ruiz@direct.example.org');
    expect(events[0]!.detail.document).to.deep.equal(sampleIps);
    expect(events[0]!.detail.idempotencyKey).to.be.a('string');
    expect(events[0]!.bubbles && events[0]!.composed && events[0]!.cancelable).to.equal(true);
    // the host took it: the port sent nothing
    expect(adapter.summary.transmissions).to.deep.equal([]);
  });

  it('sends through the port by default; a failed send keeps the inputs and the retry sends once', async () => {
    const adapter = adapterWith();
    const port = adapter.summary;
    let attempts = 0;
    const keys: string[] = [];
    const flaky: SummaryPort = {
      getSummary: port.getSummary.bind(port),
      getDocument: port.getDocument.bind(port),
      async transmit(patient, request, options) {
        attempts++;
        keys.push(options.idempotencyKey);
        // the first attempt reaches the backend, but the answer is lost
        const result = await port.transmit!(patient, request, options);
        if (attempts === 1) throw new EngageError('network', 'connection dropped');
        return result;
      },
    };
    const el = await summaryEl({ summary: flaky });
    await loaded(el);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-transmit-toggle]')!.click();
    // the send form loads on the first press
    await waitFor(() => el.shadowRoot!.querySelector('#transmit-recipient'), 'the send form');
    const recipient = el.shadowRoot!.querySelector<HTMLInputElement>('#transmit-recipient')!;
    recipient.value = 'patient-app@example.org';
    recipient.dispatchEvent(new Event('input'));
    const note = el.shadowRoot!.querySelector<HTMLTextAreaElement>('#transmit-note')!;
    note.value = 'For my new doctor';
    note.dispatchEvent(new Event('input'));
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitFor(() => el.shadowRoot!.querySelector('[part~="transmit-form"] [role="alert"]'), 'send error');
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('#transmit-recipient')!.value).to.equal('patient-app@example.org');
    expect(el.shadowRoot!.querySelector<HTMLTextAreaElement>('#transmit-note')!.value).to.equal('For my new doctor');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitFor(() => !el.shadowRoot!.querySelector('[part~="transmit-form"]'), 'form closed after success');
    expect(attempts).to.equal(2);
    expect(keys[0]).to.equal(keys[1]);
    expect(port.transmissions.length).to.equal(1);
    expect(port.transmissions[0]!.note).to.equal('For my new doctor');
    expect(el.shadowRoot!.querySelector('[role="status"][aria-live="polite"]')!.textContent).to.contain(
      'The summary was sent to patient-app@example.org.',
    );
    expect(el.shadowRoot!.activeElement).to.equal(el.shadowRoot!.querySelector('[data-transmit-toggle]'));
  });

  it('executes nothing from hostile names, narrative and C-CDA text', async () => {
    const vectors = await fixture<{ payload: string }[]>('sanitizer/owasp-xss-filter-evasion.json');
    const more = await fixture<{ payload: string }[]>('sanitizer/payloadbox-xss-payloads.json');
    const payloads = [...vectors.slice(0, 40), ...more.slice(0, 40)].map((v) => v.payload);
    let hit = false;
    const saved = [window.alert, window.prompt, window.confirm];
    window.alert = window.prompt = window.confirm = (() => void (hit = true)) as never;
    try {
      const hostile: ClinicalSummary = {
        source: 'live',
        sections: {
          problems: {
            state: 'entries',
            entries: payloads.map((p, i) => ({ id: `x${i}`, name: { text: p, codings: [] }, status: 'active', onset: p })),
          },
          allergies: { state: 'not-recorded', narrative: payloads.join('<br>') },
          results: {
            state: 'entries',
            entries: payloads.slice(0, 10).map((p, i) => ({
              id: `r${i}`,
              code: { text: p, codings: [] },
              value: { kind: 'text', text: p },
              components: [],
              interpretationText: p,
            })),
          },
        },
      };
      const el = await summaryEl(adapterWith(hostile));
      await loaded(el);
      // the narrative renders once the sanitizer has loaded
      await waitFor(() => section(el, 'allergies').querySelector('.narrative')?.textContent, 'hostile narrative');
      expect(el.shadowRoot!.querySelector('script, img, iframe, object, embed, [onerror], [onload]')).to.equal(null);
      expect(sectionText(el, 'problems')).to.contain(payloads[0]!.trim().slice(0, 10));
      // characters XML 1.0 forbids cannot be in any document, so they are left out here
      // eslint-disable-next-line no-control-regex -- these are exactly the characters to remove
      const xmlSafe = (p: string) => p.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, '');
      const ccdaPayload = payloads.map((p) => xmlSafe(p).replace(/]]>/g, '')).join('');
      const xml = sampleCcda
        .replace(
          '</structuredBody>',
          `<component><section><code code="11369-6" codeSystem="2.16.840.1.113883.6.1"/><text><![CDATA[${ccdaPayload}]]></text></section></component></structuredBody>`,
        )
        .replace('displayName="Hypertension"/>', `displayName="${xmlSafe(payloads[1]!).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}"/>`);
      const ccda = await mount<EngageClinicalSummary>(html`<engage-clinical-summary .ccda=${xml}></engage-clinical-summary>`);
      await loaded(ccda);
      expect(ccda.shadowRoot!.querySelector('[part~="error"]')).to.equal(null);
      expect(sectionText(ccda, 'problems')).to.contain(xmlSafe(payloads[1]!).trim().slice(0, 8));
      await waitFor(() => section(ccda, 'immunizations')?.querySelector('.narrative')?.textContent, 'hostile C-CDA narrative');
      expect(ccda.shadowRoot!.querySelector('script, img, iframe, object, embed, [onerror], [onload]')).to.equal(null);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(hit).to.equal(false);
    } finally {
      [window.alert, window.prompt, window.confirm] = saved as [typeof alert, typeof prompt, typeof confirm];
    }
  });

  it('degrades malformed input to "unknown" cells or a clear error, never an exception', async () => {
    const ips = JSON.parse(JSON.stringify(sampleIps));
    const [composition, , condition, medication, immunization, observation] = ips.entry.map((e: any) => e.resource);
    delete condition.code; // missing code
    condition.onsetDateTime = 'sometime'; // not a date
    medication.medicationCodeableConcept = 42; // wrong type
    immunization.vaccineCode = { coding: [{ system: 'urn:unknown', code: 'X1' }] }; // unknown system, no display
    delete immunization.occurrenceDateTime; // missing date
    observation.valueQuantity = { value: 'eleven', unit: 7 }; // wrong types
    composition.section.push({ code: 'not-an-object' }, null, { code: { coding: [{ code: '11450-4' }] }, entry: [{ reference: 'Condition/missing' }] });
    ips.entry.push({ resource: null }, { fullUrl: 42 });
    const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary .bundle=${ips} .session=${{ locale: 'en-US' }}></engage-clinical-summary>`);
    await loaded(el);
    expect(sectionText(el, 'problems')).to.contain('Unknown item Since: sometime');
    expect(sectionText(el, 'medications')).to.contain('Unknown item');
    expect(sectionText(el, 'immunizations')).to.contain('X1 Date: Unknown');
    expect(sectionText(el, 'results')).to.contain('Hemoglobin No value');

    const broken = await mount<EngageClinicalSummary>(html`<engage-clinical-summary .ccda=${'<ClinicalDocument><component>'}></engage-clinical-summary>`);
    const alert = await waitFor(() => broken.shadowRoot!.querySelector('[part~="error"]'), 'broken XML error');
    expect(alert.textContent).to.contain('The request was not accepted.');

    const mutated = sampleCcda
      .replace('<effectiveTime><low value="20180301"/></effectiveTime>', '<effectiveTime><low value="not-a-date"/></effectiveTime>')
      .replace('code="314076" codeSystem="2.16.840.1.113883.6.88" displayName="Lisinopril 10 MG Oral Tablet"', 'nullFlavor="UNK"')
      .replace('<value xsi:type="PQ" value="132" unit="mg/dL"/>', '<value xsi:type="PQ" value="high"/>')
      .replace('code="48765-2"', 'code="48765-2" nullFlavor="NI"');
    const odd = await mount<EngageClinicalSummary>(html`<engage-clinical-summary .ccda=${mutated} .session=${{ locale: 'en-US', role: 'clinician' }}></engage-clinical-summary>`);
    await loaded(odd);
    expect(sectionText(odd, 'problems')).to.contain('Hypertension Onset: Unknown');
    expect(sectionText(odd, 'medications')).to.contain('Unknown item Sig: Take 1 tablet by mouth daily');
    expect(sectionText(odd, 'results')).to.contain('Glucose No value');
    for (const file of ['allergy-no-information.xml', 'med-none.xml', 'problem-no-known.xml', 'immunization-unknown-status.xml']) {
      const xml = await (await fetch(`/test/fixtures/ccda/sections/${file}`)).text();
      const part = await mount<EngageClinicalSummary>(html`<engage-clinical-summary .ccda=${xml} .session=${{ locale: 'en-US' }}></engage-clinical-summary>`);
      await loaded(part);
      expect(part.shadowRoot!.querySelector('[part~="error"]'), file).to.equal(null);
    }
  });

  it('reads "no known …" and "no information" C-CDA sections as such', async () => {
    const texts: Record<string, string> = {};
    for (const file of ['allergy-no-information.xml', 'allergy-no-known-allergies.xml', 'med-none.xml', 'problem-no-known.xml']) {
      const xml = await (await fetch(`/test/fixtures/ccda/sections/${file}`)).text();
      const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary .ccda=${xml} .session=${{ locale: 'en-US' }}></engage-clinical-summary>`);
      await loaded(el);
      texts[file] = shadowText(el);
    }
    expect(texts['allergy-no-information.xml']).to.contain('Allergies not recorded');
    expect(texts['allergy-no-known-allergies.xml']).to.contain('No known allergies');
    expect(texts['med-none.xml']).to.contain('Takes no medicines');
    expect(texts['problem-no-known.xml']).to.contain('No known health problems');
  });

  it('reflows at 320 px without horizontal scrolling', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    try {
      render((stories.Narrow.render ?? stories.default.render!)({ ...stories.default.args, ...stories.Narrow.args } as never, {} as never) as never, container);
      const el = container.querySelector('engage-clinical-summary')!;
      await waitFor(() => el.shadowRoot?.querySelector('[part~="section"]'), 'summary');
      for (const details of el.shadowRoot!.querySelectorAll('details')) details.open = true;
      const base = el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
      expect(base.scrollWidth).to.be.at.most(320);
      expect(el.getBoundingClientRect().width).to.be.at.most(320);
    } finally {
      render(null, container);
      container.remove();
    }
  });

  it('stories show what they say: live FHIR through the FHIR adapter, partial failure', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    try {
      for (const [story, check] of [
        [stories.FromLiveFhir, (el: Element) => sectionText(el, 'problems').includes('Asthma') && sectionText(el, 'results').includes('11.2 g/dL')],
        [stories.PartialFailure, (el: Element) => !!section(el, 'results')?.querySelector('[role="alert"]') && sectionText(el, 'problems').includes('Type 2 diabetes')],
        [stories.HugeRecord, (el: Element) => section(el, 'results')?.querySelectorAll('[part~="entry"]').length === 20],
      ] as const) {
        render(stories.default.render!({ ...stories.default.args, ...story.args } as never, {} as never) as never, container);
        const el = container.querySelector('engage-clinical-summary')!;
        await waitFor(() => el.shadowRoot?.querySelector('[part~="section"]') && check(el), 'story content');
        render(null, container);
      }
    } finally {
      container.remove();
    }
  });

  it('speaks Spanish', async () => {
    const el = await summaryEl(adapterWith(), { locale: 'es-MX' });
    await applyLocale('es-MX');
    await waitFor(() => shadowText(el).includes('Su resumen de salud'), 'Spanish');
    expect(headings(el).slice(0, 3)).to.deep.equal(['Problemas de salud 2', 'Alergias 2', 'Medicamentos 2']);
    expect(sectionText(el, 'problems')).to.contain('Desde: 4 mar 2015');
    expect(el.shadowRoot!.querySelector('article')!.getAttribute('lang')).to.equal('es-MX');
  });

  it('fires engage-summary-load with the summary', async () => {
    const loadedEvent = new Promise<CustomEvent>((resolve) =>
      document.addEventListener('engage-summary-load', (e) => resolve(e as CustomEvent), { once: true }),
    );
    await summaryEl(adapterWith());
    const event = await loadedEvent;
    expect(event.detail.summary.sections.problems.state).to.equal('entries');
    expect(event.bubbles && event.composed).to.equal(true);
  });
});
