/**
 * Input-survival audit, part 2: <engage-message-thread>'s reply with an attachment over the
 * memory port, whose ledger applies a write and then loses its answer. The text and the
 * file stay in the composer while the message shows "Not sent"; the edited retry stores one
 * message, holding the edited text and the file once. Counted on the port, never through
 * the element.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/message-thread/message-thread.js';
import type { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import { pageDrafts } from '../../src/core/drafts.js';
import { waitFor } from './helpers.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';
import { MESSAGE_PATIENT, PATIENT_USER, messagingAdapter } from '../../stories/data/messages.js';

ignoreResizeObserverLoop();
afterEach(() => pageDrafts.clear());

const NOW = () => new Date(2024, 5, 15, 12);

describe('input survival 2: a thread reply with an attachment whose answer is lost', () => {
  it('keeps text and file on screen; the edited retry stores one message with the edited text and the file once', async () => {
    const adapter = messagingAdapter();
    const el = await mount<EngageMessageThread>(
      html`<engage-message-thread
        thread-id="story-labs"
        .adapter=${adapter}
        .session=${{ patient: MESSAGE_PATIENT, user: PATIENT_USER.user, role: PATIENT_USER.role, now: NOW, locale: 'en-US' }}
      ></engage-message-thread>`,
    );
    const root = el.shadowRoot!;
    await waitFor(() => root.querySelector('[part~="messages"]') && root.querySelector('textarea'), 'the conversation');
    const before = (await adapter.messaging.listMessages('story-labs', {}, {})).items.length;
    const transfer = new DataTransfer();
    transfer.items.add(new File(['%PDF-1.4 referral'], 'referral.pdf', { type: 'application/pdf' }));
    const input = root.querySelector<HTMLInputElement>('input[type="file"]')!;
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    el.value = 'Here is the referral.';
    await el.updateComplete;

    adapter.messaging.loseAnswers(1);
    root.querySelector<HTMLButtonElement>('[part~="send-button"]')!.click();
    await waitFor(() => root.querySelector('.message--failed'), 'the "Not sent" message');
    await el.updateComplete;
    const files = () => [...root.querySelectorAll('.composer__attached li .file-name')].map((n) => n.textContent);
    expect(root.querySelector<HTMLTextAreaElement>('textarea')!.value, 'the text stays').to.equal('Here is the referral.');
    expect(files(), 'the file stays').to.deep.equal(['referral.pdf']);
    expect(root.activeElement?.textContent?.trim(), 'focus on the retry').to.equal('Retry sending');

    // the patient adds a line, then presses "Retry sending"
    el.value = 'Here is the referral from Dr. Lee.';
    await el.updateComplete;
    root.querySelector<HTMLButtonElement>('.failed button')!.click();
    await waitFor(() => !root.querySelector('.message--failed') && root.querySelector<HTMLTextAreaElement>('textarea')!.value === '', 'the retried message');
    const added = (await adapter.messaging.listMessages('story-labs', {}, {})).items.slice(before);
    expect(
      added.map((m) => `${m.body.replace(/<[^>]+>/g, '').trim()} [${m.attachments.map((a) => a.title).join(', ')}]`),
      'messages stored by the send and its retry',
    ).to.deep.equal(['Here is the referral from Dr. Lee. [referral.pdf]']);
  });
});
