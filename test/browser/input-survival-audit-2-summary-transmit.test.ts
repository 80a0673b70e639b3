/**
 * Input-survival audit, part 2: <engage-clinical-summary>'s "Send…" form over the memory
 * port. A send that fails (here: it lands, and its answer is lost) must keep the recipient
 * and the note, say in an alert that the summary was NOT sent (a bare "We could not reach
 * the server" leaves the reader guessing whether it went), and leave focus on a control of
 * the form, never on <body>.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { waitFor } from './helpers.js';
import { sampleIps, typicalSummary } from '../../stories/data/summaries.js';

const PATIENT = 'Patient/typical';

/** Opens "Send…", fills both fields and sends, the answer lost; resolves when the alert shows. */
async function failedSend() {
  // answers come after a moment, as a server's do: the Send button shows "Sending…" meanwhile
  const adapter = createMemoryAdapter({ latencyMs: 100, summary: { summaries: { [PATIENT]: typicalSummary }, documents: { [PATIENT]: sampleIps } } });
  const el = await mount<EngageClinicalSummary>(
    html`<engage-clinical-summary .adapter=${adapter} .session=${{ patient: PATIENT, locale: 'en-US' }}></engage-clinical-summary>`,
  );
  const root = el.shadowRoot!;
  await waitFor(() => root.querySelector('[data-transmit-toggle]'), 'the summary');
  root.querySelector<HTMLButtonElement>('[data-transmit-toggle]')!.click();
  await waitFor(() => root.querySelector('#transmit-recipient'), 'the send form');
  const type = (selector: string, text: string) => {
    const field = root.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
    field.value = text;
    field.dispatchEvent(new Event('input'));
  };
  type('#transmit-recipient', 'dr.rivera@direct.example.org');
  type('#transmit-note', 'For my cardiology visit on Friday');
  adapter.summary.loseAnswers(1);
  const send = root.querySelector<HTMLButtonElement>('[part~="transmit-form"] button[type="submit"]')!;
  send.focus();
  send.click();
  const alert = await waitFor(() => root.querySelector('[part~="transmit-form"] [role="alert"]'), 'the send error');
  await el.updateComplete;
  expect(adapter.summary.transmissions.length, 'the send landed (its answer was lost)').to.equal(1);
  return { root, alert };
}

describe('input survival 2: the summary\'s "Send…" form, a send whose answer is lost', () => {
  it('keeps both fields and keeps focus in the form (not on <body>)', async () => {
    const { root } = await failedSend();
    expect(
      [root.querySelector<HTMLInputElement>('#transmit-recipient')!.value, root.querySelector<HTMLTextAreaElement>('#transmit-note')!.value],
      'both fields are kept',
    ).to.deep.equal(['dr.rivera@direct.example.org', 'For my cardiology visit on Friday']);
    const focused = root.activeElement;
    expect(
      focused?.closest('[part~="transmit-form"]') != null,
      `focus stays in the send form (now on ${focused ? focused.outerHTML.slice(0, 50) : `<${document.activeElement?.localName}>`})`,
    ).to.equal(true);
  });

  it('says in its alert that the summary was not sent', async () => {
    const { alert } = await failedSend();
    expect((alert.textContent ?? '').replace(/\s+/g, ' ').trim(), 'the alert').to.match(/not sent/i);
  });
});
