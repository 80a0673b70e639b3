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
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { waitFor } from './helpers.js';
import { sampleIps, typicalSummary } from '../../stories/data/summaries.js';

const PATIENT = 'Patient/typical';

describe('summary transmit on the write protocol', () => {
  it('an edited note retried after a lost answer leaves one transmission, holding the edited note', async () => {
    const adapter = createMemoryAdapter({ summary: { summaries: { [PATIENT]: typicalSummary }, documents: { [PATIENT]: sampleIps } } });
    const port = adapter.summary;
    const el = await mount<EngageClinicalSummary>(
      html`<engage-clinical-summary .adapter=${adapter} .session=${{ patient: PATIENT, locale: 'en-US' }}></engage-clinical-summary>`,
    );
    await waitFor(() => el.shadowRoot!.querySelector('[data-transmit-toggle]'), 'the summary');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-transmit-toggle]')!.click();
    await el.updateComplete;
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
