/**
 * The soak's seed-7 sequence (issue 10) on the decision aid and the refill request, through
 * the real elements, the FHIR adapter, the fault proxy and the local FHIR server: the
 * first write lands but its answer is lost; the user edits and tries again, and that
 * fails (503); the user tries again. The server must then hold one record with the text
 * the user last saw. (In the thread the same sequence ended with a new message, which
 * lost the correction: message-thread.write-protocol.test.ts.) Read from the server's own
 * URL, not through the proxy or the port.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/decision-aid/decision-aid.js';
import '../../src/elements/refill-request/refill-request.js';
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import { fhirEndpoints, setFault, waitFor } from './helpers.js';
import { readAll, seedRefillPatient, soakPatient } from './soak/server.js';

const NOW = () => new Date(2024, 5, 15, 12, 0, 0);
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const LOSE_ANSWER = (marker: string) => ({ kind: 'drop-after', methods: ['POST', 'PUT'], bodyContains: marker, count: 1 });
const REFUSE_WRITE = (marker: string) => ({ kind: 'status', status: 503, methods: ['POST', 'PUT'], bodyContains: marker, count: 1 });

/** Waits until the proxy has used up the fault it was given (its control endpoint says so). */
async function faultUsed(proxyUrl: string): Promise<void> {
  const control = new URL('/__fault', proxyUrl).href;
  for (let look = 0; look < 3000; look++) {
    const state = (await (await fetch(control)).json()) as { fault: unknown };
    if (state.fault === null) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the proxy never used its fault');
}

function type(field: HTMLTextAreaElement, text: string): void {
  field.value = text;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

describe('lost answer, edited retry refused, retried again: one record with the last text', () => {
  let fhirUrl: string;
  let proxyUrl: string;
  before(async () => {
    ({ fhirUrl, proxyUrl } = await fhirEndpoints());
  });
  afterEach(() => setFault(undefined));

  it('the decision aid', async () => {
    const patient = await soakPatient(fhirUrl, 'Sequence');
    const el = await mount(
      html`<engage-decision-aid
        .adapter=${createFhirAdapter({ baseUrl: proxyUrl, maxRetries: 0 })}
        .session=${{ patient, role: 'patient', locale: 'en-US', now: NOW }}
        aid-id="statin-primary-prevention"
        start-step="summary"
        .riskInputs=${{ 'ten-year-risk': 12 }}
      ></engage-decision-aid>`,
    );
    await waitFor(() => $(el, '#questions'), 'the aid summary');
    const failed = () => waitFor(() => $(el, '[part~="retry-button"]') && !$(el, '.save[disabled]'), 'the save to fail');
    const questions = async () =>
      (await readAll(fhirUrl, `QuestionnaireResponse?subject=${patient}&_count=100`)).map((r) => (JSON.stringify(r).match(/Ask (?:about|whether)[^"]*/g) ?? []).join('+'));

    type($<HTMLTextAreaElement>(el, '#questions')!, 'Ask about muscle aches');
    await setFault(LOSE_ANSWER('"QuestionnaireResponse"'));
    $<HTMLButtonElement>(el, '.save')!.click();
    await failed();
    expect(await questions(), 'the first save landed').to.deep.equal(['Ask about muscle aches']);

    type($<HTMLTextAreaElement>(el, '#questions')!, 'Ask whether grapefruit is safe');
    await setFault(REFUSE_WRITE('"QuestionnaireResponse"'));
    $<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
    // the error shown before this attempt must not count as its failure: wait until the
    // proxy has refused the write (the element is past "saving" only after that)
    await faultUsed(proxyUrl);
    await failed();
    $<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
    await waitFor(() => $(el, '.saved'), 'saved');
    expect(await questions()).to.deep.equal(['Ask whether grapefruit is safe']);
  });

  it('the refill request', async () => {
    const patient = await seedRefillPatient(fhirUrl, `seq${Date.now()}`, { id: '' });
    const el = await mount(
      html`<engage-refill-request
        .adapter=${createFhirAdapter({ baseUrl: proxyUrl, maxRetries: 0 })}
        .session=${{ patient, now: NOW, locale: 'en' }}
      ></engage-refill-request>`,
    );
    await waitFor(() => $(el, 'form'), 'the refill form');
    const toReview = async (note: string) => {
      const row = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="medication"]')].find((r) => r.textContent?.includes('lisinopril'))!;
      const box = row.querySelector<HTMLInputElement>('input')!;
      if (!box.checked) box.click();
      type($<HTMLTextAreaElement>(el, '#note')!, note);
      await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      $<HTMLButtonElement>(el, '[part~="review-button"]')!.click();
      await waitFor(() => $(el, '[part~="send-button"]'), 'the review step');
    };
    const send = () => $<HTMLButtonElement>(el, '[part~="send-button"]')!.click();
    const failed = () => waitFor(() => $(el, '#submit-error') && !$(el, '[part~="send-button"][aria-disabled="true"], [part~="send-button"]:disabled'), 'the send to fail');
    const pending = async () => {
      const proposals = (await readAll(fhirUrl, `MedicationRequest?subject=${patient}&intent=proposal&_count=100`)).filter(
        (p) => p.status !== 'cancelled' && p.status !== 'entered-in-error',
      );
      const tasks = (await readAll(fhirUrl, `Task?patient=${patient}&_count=100`)).filter((t) => t.status === 'requested');
      return { tasks: tasks.length, notes: proposals.map((p) => (JSON.stringify(p).match(/Please [^"]*/g) ?? []).join('+')) };
    };

    await toReview('Please mail it');
    await setFault(LOSE_ANSWER('"transaction"'));
    send();
    await failed();
    expect(await pending(), 'the first request landed').to.deep.equal({ tasks: 1, notes: ['Please mail it'] });

    $<HTMLButtonElement>(el, '[part~="back-button"]')!.click();
    await waitFor(() => $(el, '#note'), 'the form again');
    await toReview('Please mail it to my work address');
    await setFault(REFUSE_WRITE('"transaction"'));
    send();
    await faultUsed(proxyUrl);
    await failed();
    await setFault(undefined);
    send();
    await waitFor(() => $(el, '#sent-title'), 'sent');
    expect(await pending()).to.deep.equal({ tasks: 1, notes: ['Please mail it to my work address'] });
  });
});
