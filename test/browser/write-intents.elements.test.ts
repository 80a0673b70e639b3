/**
 * The elements' writes that used fixed or element-owned keys, on the write protocol
 * (issue 10, docs/write-protocol.md): a key per content, `replaces` on change.
 * - the summary's "Send": one key per intent whatever the note said, so an edited note
 *   retried after a lost answer returned the first transmission, with the old note;
 * - the refill queue's decision: a changed decision after a lost answer got a new key and
 *   no `replaces`, so the landed first decision stood and the clinician saw a conflict.
 * Both over the memory adapter, whose ledger applies a write and then loses its answer.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import '../../src/elements/refill-queue/refill-queue.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import type { EngageRefillQueue } from '../../src/elements/refill-queue/refill-queue.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { waitFor } from './helpers.js';
import { sampleIps, typicalSummary } from '../../stories/data/summaries.js';
import { queueData } from '../../stories/data/refills.js';

const PATIENT = 'Patient/typical';
const NOW = () => new Date(2024, 5, 15, 12, 0, 0);

describe('summary transmit on the write protocol', () => {
  it('an edited note retried after a lost answer leaves one transmission, holding the edited note', async () => {
    const adapter = createMemoryAdapter({ summary: { summaries: { [PATIENT]: typicalSummary }, documents: { [PATIENT]: sampleIps } } });
    const port = adapter.summary;
    const el = await mount<EngageClinicalSummary>(
      html`<engage-clinical-summary .adapter=${adapter} .session=${{ patient: PATIENT, locale: 'en-US' }}></engage-clinical-summary>`,
    );
    await waitFor(() => el.shadowRoot!.querySelector('[data-transmit-toggle]'), 'the summary');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-transmit-toggle]')!.click();
    // the send form loads on the first press
    await waitFor(() => el.shadowRoot!.querySelector('#transmit-recipient'), 'the send form');
    const type = (selector: string, text: string) => {
      const field = el.shadowRoot!.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
      field.value = text;
      field.dispatchEvent(new Event('input'));
    };
    type('#transmit-recipient', 'patient-app@example.org');
    type('#transmit-note', 'For my new doctor');
    port.loseAnswers(1);
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitFor(() => el.shadowRoot!.querySelector('[part~="transmit-form"] [role="alert"]'), 'the send error');
    expect(port.transmissions.map((t) => t.note), 'the first send landed').to.deep.equal(['For my new doctor']);

    type('#transmit-note', 'For Dr. Rivera, my new cardiologist');
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitFor(() => !el.shadowRoot!.querySelector('[part~="transmit-form"]'), 'the form closed after success');
    expect(port.transmissions.map((t) => t.note)).to.deep.equal(['For Dr. Rivera, my new cardiologist']);
  });
});

describe('refill queue decisions on the write protocol', () => {
  it('a changed decision after a lost answer revises the decision that landed, instead of a conflict', async () => {
    const adapter = createMemoryAdapter({ refills: queueData() });
    const el = await mount<EngageRefillQueue>(
      html`<engage-refill-queue .adapter=${adapter} .session=${{ role: 'clinician', now: NOW, locale: 'en' }}></engage-refill-queue>`,
    );
    const item = () => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="request"]')].find((a) => a.textContent?.includes('Furosemide'))!;
    await waitFor(() => item(), 'the queue');
    const choose = async (index: number, reason: string) => {
      item().querySelectorAll<HTMLInputElement>('input[type="radio"]')[index]!.click();
      await el.updateComplete;
      const box = item().querySelector<HTMLTextAreaElement>('textarea')!;
      box.value = reason;
      box.dispatchEvent(new Event('input'));
      await el.updateComplete;
    };
    await choose(1, 'Please use the new prescription.'); // deny
    adapter.refills.loseAnswers(1);
    item().querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    await waitFor(() => el.shadowRoot!.querySelector('#error-req-furosemide'), 'the save error');
    expect(adapter.refills.allRequests.find((r) => r.id === 'req-furosemide')!.status, 'the denial landed').to.equal('denied');

    // told it was not saved, the clinician asks for an appointment instead
    await choose(2, 'Time for your yearly check-up.');
    item().querySelector<HTMLButtonElement>('[part~="save-button"]')!.click();
    await waitFor(() => el.shadowRoot!.querySelector('#decided-req-furosemide'), 'the decision saved');
    expect(adapter.refills.allRequests.find((r) => r.id === 'req-furosemide')).to.deep.include({
      status: 'needs-appointment',
      statusReason: 'Time for your yearly check-up.',
    });
  });
});
