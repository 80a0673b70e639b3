/**
 * <engage-refill-request> over the memory adapter: categories and reasons, pharmacy and
 * delivery, keyboard-only use with announcements and focus, validation, failed and
 * double submits, cancelling, form association, XSS, reflow, Spanish.
 */
import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/refill-request/refill-request.js';
import '../../src/core/provider.js';
import { createMemoryAdapter, type MemoryAdapter } from '../../src/adapters/memory/index.js';
import type { EngageRefillRequest } from '../../src/elements/refill-request/refill-request.component.js';
import { applyLocale } from '../../src/core/localization.js';
import { pageDrafts } from '../../src/core/drafts.js';
import { EMPTY_PATIENT, REFILL_PATIENT, refillData, samplePharmacies, samplePrescriptions } from '../../stories/data/refills.js';
import type { MemoryRefillOptions } from '../../src/adapters/memory/refills.js';
import { fixture, settled, shadowText, waitFor } from './helpers.js';

const NOW = () => new Date(2024, 5, 15, 12, 0, 0);

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(async () => {
  render(null, container);
  container.remove();
  // unsent notes are kept per patient for the page's lifetime: each test starts without
  pageDrafts.clear();
  await applyLocale('en');
});

async function mount(
  options: { refills?: MemoryRefillOptions; patient?: string; session?: Record<string, unknown>; width?: number } = {},
): Promise<{ el: EngageRefillRequest; adapter: MemoryAdapter }> {
  const adapter = createMemoryAdapter({ refills: options.refills ?? refillData() });
  render(
    html`<div style=${options.width ? `width:${options.width}px` : ''}>
      <engage-refill-request
        .adapter=${adapter}
        .session=${{ patient: options.patient ?? REFILL_PATIENT, now: NOW, locale: 'en', ...options.session }}
      ></engage-refill-request>
    </div>`,
    container,
  );
  const el = container.querySelector('engage-refill-request')!;
  await waitFor(() => !el.shadowRoot?.querySelector('[part~="loading"]') && el.shadowRoot?.querySelector('form, .form'), 'loaded');
  await settled(el);
  return { el, adapter };
}

const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
/** The chosen pharmacy (one radio per pharmacy). */
const chosenPharmacy = (el: Element) => $<HTMLInputElement>(el, 'input[name="pharmacy"]:checked')?.value;
/** Chooses a pharmacy as a click on its radio does. */
function choosePharmacy(el: Element, ref: string): void {
  $<HTMLInputElement>(el, `input[name="pharmacy"][value="${ref}"]`)!.click();
}
const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];

/** The text of the row of a medication, by a part of its name. */
function rowOf(el: Element, name: string): HTMLElement | undefined {
  return $$(el, '[part~="medication"]').find((row) => row.textContent?.includes(name));
}

function groupOf(el: Element, name: string): string | undefined {
  const row = rowOf(el, name);
  return row?.closest('.group')?.querySelector('[role="heading"]')?.textContent?.trim();
}

function checkbox(el: Element, name: string): HTMLInputElement {
  return rowOf(el, name)!.querySelector('input[type="checkbox"]')!;
}

/** The element that has focus, looking into the element's shadow root. */
function focused(el: Element): Element | null {
  return el.shadowRoot!.activeElement;
}

describe('<engage-refill-request>', function () {
  it('sorts each prescription into its category with the reason in words', async () => {
    const { el } = await mount();
    const cases: [string, string, string][] = [
      ['lisinopril', 'Ready to refill', '2 refills left.'],
      ['metformin', 'Ready to refill', '5 refills left.'],
      ['atorvastatin', 'Needs a new prescription', 'No refills left.'],
      ['Albuterol', 'Needs a new prescription', 'This prescription expired on March 1, 2024.'],
      ['oxycodone', 'Cannot be requested online', 'This is a controlled medicine. Call your clinic to ask for a refill.'],
      ['levothyroxine', 'Cannot be requested online', 'Too early to refill. You can ask on or after August 17, 2024.'],
      ['omeprazole', 'Cannot be requested online', 'You already asked for this. We are working on it.'],
      ['amoxicillin', 'Cannot be requested online', 'This prescription starts on July 1, 2024.'],
    ];
    for (const [name, group, reason] of cases) {
      expect(groupOf(el, name), name).to.equal(group);
      expect(rowOf(el, name)!.textContent!.replace(/\s+/g, ' '), name).to.include(reason);
    }
    // only the requestable ones can be chosen; a stopped prescription is not listed
    expect(rowOf(el, 'oxycodone')!.querySelector('input')).to.equal(null);
    expect(checkbox(el, 'lisinopril')).to.exist;
    expect(rowOf(el, 'NuvaRing')).to.equal(undefined);
    // facts beside each: prescriber, last fill date, refills left
    const facts = [...rowOf(el, 'lisinopril')!.querySelectorAll('.facts div')].map(
      (pair) => `${pair.querySelector('dt')!.textContent!.trim()}: ${pair.querySelector('dd')!.textContent!.trim()}`,
    );
    expect(facts).to.include.members(['Prescriber: Dr. Ana Lee', 'Last filled: May 1, 2024', 'Refills left: 2']);
    // the reason is the checkbox's description for screen readers
    const box = checkbox(el, 'atorvastatin');
    expect($(el, `#${box.getAttribute('aria-describedby')}`)?.textContent).to.include('No refills left.');
  });

  it("a host's controlled-substance rule moves a prescription out of the online categories", async () => {
    const { el } = await mount();
    el.controlledRule = (p) => (/metformin/i.test(p.medication.text ?? '') ? true : undefined);
    await settled(el);
    expect(groupOf(el, 'metformin')).to.equal('Cannot be requested online');
    expect(groupOf(el, 'oxycodone')).to.equal('Cannot be requested online');
    expect(groupOf(el, 'lisinopril')).to.equal('Ready to refill');
  });

  it('offers the preferred pharmacy first, and pick-up or mail only where the pharmacy offers both', async () => {
    const { el } = await mount();
    const first = $<HTMLInputElement>(el, 'input[name="pharmacy"]')!;
    expect(first.labels![0]!.textContent).to.equal('Main Street Pharmacy (demo)');
    expect($(el, `#${first.getAttribute('aria-describedby')}`)!.textContent).to.include('Your preferred pharmacy');
    expect(chosenPharmacy(el)).to.equal('Organization/demo-pharmacy-main-street');
    expect($$(el, 'input[name="delivery"]')).to.have.length(2);
    choosePharmacy(el, 'Organization/demo-pharmacy-riverside');
    await settled(el);
    expect($$(el, 'input[name="delivery"]')).to.have.length(0);
    expect(shadowText(el)).to.include('Pick up at the pharmacy');
    choosePharmacy(el, 'Organization/demo-pharmacy-mail');
    await settled(el);
    expect(shadowText(el)).to.include('Mail it to me');
  });

  it('keyboard only: choose, pick pharmacy and delivery, review, send, and hear the confirmation', async () => {
    const { el, adapter } = await mount();
    const first = checkbox(el, 'lisinopril');
    first.focus();
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Tab' });
    expect(focused(el)).to.equal(checkbox(el, 'metformin'));
    await sendKeys({ press: 'Space' });
    // Tab past the renewals to the pharmacy
    while (focused(el)?.getAttribute('name') !== 'pharmacy') await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'ArrowDown' });
    await settled(el);
    expect(chosenPharmacy(el)).to.equal('Organization/demo-pharmacy-riverside');
    expect($$(el, 'input[name="delivery"]'), 'pick-up only').to.have.length(0);
    await sendKeys({ press: 'ArrowUp' });
    await settled(el);
    expect(chosenPharmacy(el)).to.equal('Organization/demo-pharmacy-main-street');
    await sendKeys({ press: 'Tab' });
    expect((focused(el) as HTMLInputElement).name).to.equal('delivery');
    await sendKeys({ press: 'ArrowRight' }); // mail
    await sendKeys({ press: 'Tab' });
    expect(focused(el)?.id).to.equal('note');
    await sendKeys({ type: 'Leaving town Friday' });
    await sendKeys({ press: 'Tab' });
    expect(focused(el)?.getAttribute('part')).to.equal('review-button');
    await sendKeys({ press: 'Enter' });
    await settled(el);
    expect(focused(el)?.id).to.equal('review-title');
    const review = shadowText(el);
    expect(review).to.include('lisinopril').and.include('metformin').and.include('Mail it to me').and.include('Leaving town Friday');
    await sendKeys({ press: 'Tab' });
    expect(focused(el)?.getAttribute('part')).to.equal('send-button');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => $(el, '#sent-title'), 'confirmation');
    await settled(el);
    expect(focused(el)?.id).to.equal('sent-title');
    expect($(el, '[role="status"]')!.textContent).to.include('Your request was sent.');
    const stored = adapter.refills.allRequests.filter((r) => r.note === 'Leaving town Friday');
    expect(stored.map((r) => r.prescriptionId).sort()).to.deep.equal(['rx-lisinopril', 'rx-metformin']);
    expect(stored.every((r) => r.delivery === 'mail' && r.kind === 'refill')).to.equal(true);
    // the history now shows them, and the medications are pending
    expect($(el, '[part~="history"]')!.textContent).to.include('lisinopril');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' }); // "Request another medication"
    await settled(el);
    expect(groupOf(el, 'lisinopril')).to.equal('Cannot be requested online');
    await expect(el).to.be.accessible();
  });

  it('announces a validation error and moves focus to the first medication', async () => {
    const { el } = await mount();
    $<HTMLButtonElement>(el, '[part~="review-button"]')!.click();
    await settled(el);
    const alert = $(el, '[role="alert"]');
    expect(alert?.textContent).to.include('Choose at least one medication.');
    expect(focused(el)).to.equal($(el, 'input[type="checkbox"]'));
    await expect(el).to.be.accessible();
  });

  it('a failed send shows the error, keeps every choice, and the retry sends once with the same key', async () => {
    const { el, adapter } = await mount({ refills: refillData({ writes: { failWith: 'network' } }) });
    const calls: string[] = [];
    const submit = adapter.refills.submitRequest.bind(adapter.refills);
    adapter.refills.submitRequest = (patient, draft, options) => (calls.push(options.idempotencyKey), submit(patient, draft, options));
    checkbox(el, 'lisinopril').click();
    checkbox(el, 'atorvastatin').click();
    const note = $<HTMLTextAreaElement>(el, '#note')!;
    note.value = 'Please hurry';
    note.dispatchEvent(new Event('input'));
    choosePharmacy(el, 'Organization/demo-pharmacy-riverside');
    await settled(el);
    $<HTMLButtonElement>(el, '[part~="review-button"]')!.click();
    await settled(el);
    $<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
    await waitFor(() => $(el, '#submit-error'), 'error');
    await settled(el);
    expect($(el, '#submit-error')!.getAttribute('role')).to.equal('alert');
    expect(shadowText(el)).to.include('Your request was not sent.').and.include('We could not reach the server');
    expect(focused(el)?.id).to.equal('submit-error');
    await expect(el).to.be.accessible();
    // every choice is still there
    $<HTMLButtonElement>(el, '[part~="back-button"]')!.click();
    await settled(el);
    expect(checkbox(el, 'lisinopril').checked).to.equal(true);
    expect(checkbox(el, 'atorvastatin').checked).to.equal(true);
    expect(checkbox(el, 'metformin').checked).to.equal(false);
    expect($<HTMLTextAreaElement>(el, '#note')!.value).to.equal('Please hurry');
    expect(chosenPharmacy(el)).to.equal('Organization/demo-pharmacy-riverside');
    expect(adapter.refills.allRequests.filter((r) => r.note === 'Please hurry')).to.have.length(0);
    // the server is back
    adapter.refills.writeSimulation = {};
    $<HTMLButtonElement>(el, '[part~="review-button"]')!.click();
    await settled(el);
    $<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
    await waitFor(() => $(el, '#sent-title'), 'confirmation');
    expect(calls).to.have.length(2);
    expect(calls[1]).to.equal(calls[0]);
    const sent = adapter.refills.allRequests.filter((r) => r.note === 'Please hurry');
    expect(sent.map((r) => `${r.prescriptionId}:${r.kind}`).sort()).to.deep.equal(['rx-atorvastatin:renewal', 'rx-lisinopril:refill']);
    expect(sent.every((r) => r.pharmacy?.ref === 'Organization/demo-pharmacy-riverside')).to.equal(true);
  });

  it('two fast clicks on send make one call; the button says it is sending', async () => {
    const { el, adapter } = await mount({ refills: refillData({ writes: { latencyMs: 300 } }) });
    let calls = 0;
    const submit = adapter.refills.submitRequest.bind(adapter.refills);
    adapter.refills.submitRequest = (...args) => (calls++, submit(...args));
    checkbox(el, 'metformin').click();
    await settled(el);
    $<HTMLButtonElement>(el, '[part~="review-button"]')!.click();
    await settled(el);
    const send = $<HTMLButtonElement>(el, '[part~="send-button"]')!;
    send.click();
    send.click();
    await settled(el, 1);
    expect(send.getAttribute('aria-disabled')).to.equal('true');
    expect(send.textContent).to.include('Sending…');
    send.click();
    await waitFor(() => $(el, '#sent-title'), 'confirmation');
    expect(calls).to.equal(1);
    expect(adapter.refills.allRequests.filter((r) => r.prescriptionId === 'rx-metformin')).to.have.length(1);
  });

  it('shows earlier requests with status and reason, and cancels a pending one after confirming', async () => {
    const { el, adapter } = await mount();
    const history = $(el, '[part~="history"]')!;
    const text = history.textContent!.replace(/\s+/g, ' ');
    expect(text).to.include('Requested').and.include('Approved, sent to pharmacy').and.include('Denied');
    expect(text).to.include('Reason: Please book a visit so we can check your breathing.');
    const cancels = $$(el, '[part~="cancel-button"]');
    expect(cancels).to.have.length(1);
    expect(cancels[0]!.getAttribute('aria-label')).to.include('omeprazole');
    cancels[0]!.click();
    await settled(el);
    expect(focused(el)?.getAttribute('part')).to.equal('confirm-cancel-button');
    (focused(el) as HTMLButtonElement).click();
    await waitFor(() => !$(el, '[part~="confirm-cancel-button"]'), 'cancelled');
    await settled(el);
    expect(adapter.refills.allRequests.find((r) => r.id === 'req-omeprazole')?.status).to.equal('cancelled');
    expect($(el, '[role="status"]')!.textContent).to.include('cancelled');
    expect(groupOf(el, 'omeprazole')).to.equal('Ready to refill');
  });

  it('"Keep it" and Escape close the cancel question and return focus to the cancel button', async () => {
    const { el, adapter } = await mount();
    const ask = () => $<HTMLButtonElement>(el, '[part~="cancel-button"]')!;
    const buttonId = ask().id;
    ask().click();
    await settled(el);
    expect(focused(el)?.getAttribute('part')).to.equal('confirm-cancel-button');
    const keep = [...$(el, '[role="group"]')!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Keep it')!;
    keep.click();
    await settled(el);
    expect($(el, '[part~="confirm-cancel-button"]')).to.equal(null);
    expect(focused(el)?.id).to.equal(buttonId);
    ask().click();
    await settled(el);
    await sendKeys({ press: 'Escape' });
    await settled(el);
    expect($(el, '[part~="confirm-cancel-button"]')).to.equal(null);
    expect(focused(el)?.id).to.equal(buttonId);
    expect(adapter.refills.allRequests.find((r) => r.id === 'req-omeprazole')?.status).to.equal('requested');
  });

  it('an approved request not yet filled keeps its medication from being asked for twice', async () => {
    const data = refillData();
    data.requests!.push({ ...data.requests![1]!, id: 'req-metformin-ok', prescriptionId: 'rx-metformin', medication: samplePrescriptions()[1]!.medication, status: 'approved', created: '2024-06-12T09:00:00-04:00', updated: '2024-06-13T10:00:00-04:00' });
    const { el } = await mount({ refills: data });
    expect(groupOf(el, 'metformin')).to.equal('Cannot be requested online');
    expect(rowOf(el, 'metformin')!.textContent!.replace(/\s+/g, ' ')).to.include(
      'Approved on June 13, 2024. Your pharmacy is getting it ready.',
    );
  });

  it('a caregiver is recorded as the requester', async () => {
    const { el, adapter } = await mount({
      session: { role: 'caregiver', user: { ref: 'RelatedPerson/mom-1', name: 'Rosa Tillman' } },
    });
    checkbox(el, 'metformin').click();
    await settled(el);
    $<HTMLButtonElement>(el, '[part~="review-button"]')!.click();
    await settled(el);
    $<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
    await waitFor(() => $(el, '#sent-title'), 'confirmation');
    const request = adapter.refills.allRequests.find((r) => r.prescriptionId === 'rx-metformin');
    expect(request?.requester).to.deep.include({ ref: 'RelatedPerson/mom-1', kind: 'related-person', name: 'Rosa Tillman' });
  });

  it("keeps choices when the host passes a new session for the same patient; never carries them to another patient", async () => {
    const adapter = createMemoryAdapter({ refills: refillData() });
    const show = (patient: string) =>
      render(
        html`<engage-refill-request .adapter=${adapter} .session=${{ patient, now: NOW, locale: 'en' }}></engage-refill-request>`,
        container,
      );
    show(REFILL_PATIENT);
    const el = container.querySelector('engage-refill-request')!;
    await waitFor(() => el.shadowRoot?.querySelector('input[type="checkbox"]'), 'loaded');
    checkbox(el, 'lisinopril').click();
    const note = $<HTMLTextAreaElement>(el, '#note')!;
    note.value = 'for my trip';
    note.dispatchEvent(new Event('input'));
    show(REFILL_PATIENT);
    await settled(el);
    expect(checkbox(el, 'lisinopril').checked).to.equal(true);
    expect($<HTMLTextAreaElement>(el, '#note')!.value).to.equal('for my trip');
    show(EMPTY_PATIENT);
    await waitFor(() => shadowText(el).includes('no active prescriptions'), 'the other patient');
    expect(el.value).to.equal(undefined);
    expect($<HTMLTextAreaElement>(el, '#note')?.value ?? '').to.equal('');
    show(REFILL_PATIENT);
    await waitFor(() => el.shadowRoot?.querySelector('input[type="checkbox"]'), 'loaded again');
    expect(checkbox(el, 'lisinopril').checked).to.equal(false);
    // the first patient's unsent note is that patient's draft: kept, and shown only to them
    expect($<HTMLTextAreaElement>(el, '#note')!.value).to.equal('for my trip');
  });

  it('says so when there are no active prescriptions', async () => {
    const { el } = await mount({ patient: EMPTY_PATIENT });
    expect(shadowText(el)).to.include('You have no active prescriptions to refill.');
    expect($(el, '[part~="review-button"]')).to.equal(null);
  });

  it('shows "not configured" without a refills port, and an error with retry when loading fails', async () => {
    render(html`<engage-refill-request .adapter=${{}} .session=${{ patient: REFILL_PATIENT }}></engage-refill-request>`, container);
    const bare = container.querySelector('engage-refill-request')!;
    await settled(bare);
    expect(shadowText(bare)).to.include('refills');
    render(null, container);
    const failing = createMemoryAdapter({ refills: refillData(), failWith: 'server' });
    render(html`<engage-refill-request .adapter=${failing} .session=${{ patient: REFILL_PATIENT }}></engage-refill-request>`, container);
    const el = container.querySelector('engage-refill-request')!;
    await waitFor(() => el.shadowRoot?.querySelector('[part~="retry-button"]'), 'retry');
  });

  it('reflows at 320 px wide', async () => {
    const long = samplePrescriptions();
    long[0]!.medication = { text: 'Supercalifragilisticexpialidocious-extended-release-tablet-'.repeat(3), codings: [] };
    const { el } = await mount({ width: 320, refills: refillData({ prescriptions: { [REFILL_PATIENT]: long } }) });
    expect(el.scrollWidth).to.be.at.most(320);
    expect($(el, '.base')!.scrollWidth).to.be.at.most(320);
    checkbox(el, 'metformin').click();
    await settled(el);
    $<HTMLButtonElement>(el, '[part~="review-button"]')!.click();
    await settled(el);
    expect($(el, '.base')!.scrollWidth).to.be.at.most(320);
  });

  it('speaks Spanish', async () => {
    await applyLocale('es');
    const { el } = await mount({ session: { locale: 'es' } });
    expect(shadowText(el)).to.include('Resurtido de medicamentos').and.include('Listos para resurtir').and.include('Su farmacia preferida');
    expect(rowOf(el, 'Albuterol')!.textContent).to.include('venció el 1 de marzo de 2024');
  });
});

describe('<engage-refill-request> as a form control', function () {
  it('takes part in a host form: invalid when required and empty, submits its value, resets', async () => {
    const adapter = createMemoryAdapter({ refills: refillData() });
    render(
      html`<form>
        <engage-refill-request name="refill" required .adapter=${adapter} .session=${{ patient: REFILL_PATIENT, now: NOW }}></engage-refill-request>
        <button type="submit">Submit</button>
      </form>`,
      container,
    );
    const form = container.querySelector('form')!;
    const el = container.querySelector('engage-refill-request')!;
    await waitFor(() => el.shadowRoot?.querySelector('input[type="checkbox"]'), 'loaded');
    await settled(el);
    expect(el.form).to.equal(form);
    // no send step of its own inside a form
    expect($(el, '[part~="review-button"]')).to.equal(null);
    expect(form.checkValidity()).to.equal(false);
    expect(el.validity.valueMissing).to.equal(true);
    expect(el.validationMessage).to.equal('Choose at least one medication.');
    let submitted = 0;
    form.addEventListener('submit', (e) => (e.preventDefault(), submitted++));
    form.requestSubmit();
    expect(submitted, 'an invalid form does not submit').to.equal(0);

    let changes = 0;
    el.addEventListener('change', () => changes++);
    checkbox(el, 'lisinopril').click();
    await settled(el);
    expect(changes).to.equal(1);
    expect(form.checkValidity()).to.equal(true);
    const value = JSON.parse(new FormData(form).get('refill') as string);
    expect(value).to.deep.equal({
      items: [{ prescriptionId: 'rx-lisinopril', kind: 'refill' }],
      pharmacy: 'Organization/demo-pharmacy-main-street',
      delivery: 'pickup',
    });
    form.requestSubmit();
    expect(submitted).to.equal(1);

    form.reset();
    await settled(el);
    expect(new FormData(form).get('refill')).to.equal(null);
    expect(checkbox(el, 'lisinopril').checked).to.equal(false);
    expect(form.checkValidity()).to.equal(false);
  });

  it('is disabled with its fieldset', async () => {
    const adapter = createMemoryAdapter({ refills: refillData() });
    render(
      html`<form><fieldset disabled>
        <engage-refill-request name="refill" .adapter=${adapter} .session=${{ patient: REFILL_PATIENT, now: NOW }}></engage-refill-request>
      </fieldset></form>`,
      container,
    );
    const el = container.querySelector('engage-refill-request')!;
    await waitFor(() => el.shadowRoot?.querySelector('input[type="checkbox"]'), 'loaded');
    await settled(el);
    expect(checkbox(el, 'lisinopril').disabled).to.equal(true);
    expect($<HTMLFieldSetElement>(el, 'fieldset[part~="pharmacy"]')!.disabled).to.equal(true);
    container.querySelector('fieldset')!.disabled = false;
    await settled(el);
    expect(checkbox(el, 'lisinopril').disabled).to.equal(false);
  });
});

describe('<engage-refill-request>: XSS payloads in names, notes and pharmacies execute nothing', function () {
  it('renders every payload as text', async () => {
    const vectors: { payload: string }[] = [
      ...(await fixture<{ payload: string }[]>('sanitizer/owasp-xss-filter-evasion.json')),
      ...(await fixture<{ payload: string }[]>('sanitizer/payloadbox-xss-payloads.json')).filter((_, i) => i % 25 === 0),
    ];
    const payloads = vectors.map((v) => v.payload);
    expect(payloads.length).to.be.greaterThan(250);
    const hits: string[] = [];
    const saved = { alert: window.alert, prompt: window.prompt, confirm: window.confirm };
    window.alert = (m?: unknown) => void hits.push(`alert:${String(m)}`);
    window.prompt = (m?: string) => (hits.push(`prompt:${String(m)}`), null);
    window.confirm = (m?: string) => (hits.push(`confirm:${String(m)}`), false);
    try {
      const base = samplePrescriptions()[1]!;
      const prescriptions = payloads.map((payload, i) => ({
        ...base,
        id: `rx-x${i}`,
        medication: { text: payload, codings: [] },
        dosage: payload,
        prescriber: { ref: 'Practitioner/x', kind: 'practitioner' as const, name: payload },
      }));
      const pharmacies = samplePharmacies().map((p, i) => ({ ...p, name: payloads[i]!, address: payloads[i + 3] }));
      const requests = payloads.slice(0, 50).map((payload, i) => ({
        id: `req-x${i}`,
        kind: 'refill' as const,
        prescriptionId: `rx-x${i}`,
        medication: { text: payload, codings: [] },
        patient: REFILL_PATIENT,
        note: payload,
        statusReason: payload,
        pharmacy: pharmacies[0],
        status: 'denied' as const,
        created: '2024-06-01',
      }));
      const { el } = await mount({ refills: { prescriptions: { [REFILL_PATIENT]: prescriptions }, pharmacies, requests } });
      // the note goes to the review step too
      $$<HTMLInputElement>(el, 'input[type="checkbox"]').slice(0, 3).forEach((box) => box.click());
      const note = $<HTMLTextAreaElement>(el, '#note')!;
      note.value = payloads.slice(0, 20).join(' ');
      note.dispatchEvent(new Event('input'));
      await settled(el);
      $<HTMLButtonElement>(el, '[part~="review-button"]')!.click();
      await settled(el);
      await new Promise((resolve) => setTimeout(resolve, 300)); // let any injected image error fire
      expect(hits).to.deep.equal([]);
      const root = el.shadowRoot!;
      expect(root.querySelector('script, iframe, img, svg:not([part~="icon"]):not([part~="illustration"]), object, embed, a[href]')).to.equal(null);
      for (const element of root.querySelectorAll('*')) {
        for (const attribute of element.attributes) expect(/^on/i.test(attribute.name), attribute.name).to.equal(false);
      }
      expect(root.textContent).to.include(payloads[1]!);
    } finally {
      Object.assign(window, saved);
    }
  });
});

describe('<engage-refill-request> for a patient marked deceased', function () {
  function mountFor(deceased: boolean | string, role: 'patient' | 'caregiver') {
    const adapter = createMemoryAdapter({
      refills: refillData(),
      patients: [{ ref: REFILL_PATIENT, names: [{ family: 'Tillman', given: ['Jill'], prefix: [], suffix: [] }], identifiers: [], deceased }],
    });
    render(
      html`<engage-refill-request
        .adapter=${adapter}
        .session=${{ patient: REFILL_PATIENT, role, user: { ref: role === 'patient' ? REFILL_PATIENT : 'RelatedPerson/1' }, now: NOW, locale: 'en' }}
      ></engage-refill-request>`,
      container,
    );
    return { el: container.querySelector('engage-refill-request')!, adapter };
  }

  for (const role of ['patient', 'caregiver'] as const) {
    it(`${role}: no refill or renewal can be asked for; a notice says why and the history stays`, async () => {
      const { el, adapter } = mountFor('2024-06-01', role);
      await waitFor(() => $(el, '[part~="deceased-notice"]'), 'the notice');
      await settled(el);
      expect($(el, '[part~="deceased-notice"]')!.textContent).to.contain('refills and renewals can no longer be requested');
      expect($$(el, 'input[type="checkbox"]')).to.have.length(0);
      expect($(el, '[part~="review-button"]')).to.equal(null);
      // the requests already made are still shown (counted from the port's own data)
      const requests = await adapter.refills.listRequests({ patient: REFILL_PATIENT, pageSize: 50 });
      expect(requests.items.length).to.be.greaterThan(0);
      expect($(el, '[part~="history"]')!.textContent).to.include(requests.items[0]!.medication.text ?? '');
    });
  }

  it('a living patient (deceased: false) can still choose medications', async () => {
    const { el } = mountFor(false, 'patient');
    await waitFor(() => $(el, '[part~="review-button"]'), 'the review button');
    await settled(el);
    expect($(el, '[part~="deceased-notice"]')).to.equal(null);
    expect($$(el, 'input[type="checkbox"]').length).to.be.greaterThan(0);
  });
});
