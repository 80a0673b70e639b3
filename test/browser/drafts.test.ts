/**
 * Issue 10, defect 5: unsent text beyond memory is the host's choice. With the default
 * store, drafts live in page memory (they survive the element being re-created, and no
 * storage is touched); with a `SessionStorageDraftStore` the host passes, the text and the
 * write keys of an unanswered send survive a reload (a new store over the same storage),
 * so sending again after the reload is the same write, not a second message.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { render } from 'lit';
import '../../src/elements/message-thread/message-thread.js';
import type { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import type { MemoryAdapter } from '../../src/adapters/memory/index.js';
import type { MemoryMessagingPort } from '../../src/adapters/memory/messaging.js';
import { pageDrafts, SessionStorageDraftStore, type DraftStore } from '../../src/core/drafts.js';
import { waitFor } from './helpers.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';
import { MESSAGE_PATIENT, PATIENT_USER, messagingAdapter } from '../../stories/data/messages.js';

ignoreResizeObserverLoop();

const NOW = () => new Date(2024, 5, 15, 12);
const PREFIX = 'ehr-engage-test.';

async function thread(adapter: MemoryAdapter, draftStore?: DraftStore): Promise<EngageMessageThread> {
  const el = await mount<EngageMessageThread>(
    html`<engage-message-thread
      thread-id="story-labs"
      .adapter=${adapter}
      .draftStore=${draftStore}
      .session=${{ patient: MESSAGE_PATIENT, user: PATIENT_USER.user, role: PATIENT_USER.role, now: NOW, locale: 'en-US' }}
    ></engage-message-thread>`,
  );
  await waitFor(() => el.shadowRoot?.querySelector('textarea'), 'the reply box');
  return el;
}

function type(el: EngageMessageThread, text: string): void {
  const box = el.shadowRoot!.querySelector('textarea')!;
  box.value = text;
  box.dispatchEvent(new Event('input'));
}

const storedKeys = () => Object.keys(sessionStorage).filter((k) => k.startsWith(PREFIX) || k.startsWith('ehr-engage.'));

describe('drafts: kept where the host chose', function () {
  afterEach(() => {
    for (const key of storedKeys()) sessionStorage.removeItem(key);
    pageDrafts.clear();
  });

  it('by default, keeps the text in page memory across re-creation and writes no storage', async () => {
    const adapter = messagingAdapter();
    const first = await thread(adapter);
    type(first, 'Half-written question');
    first.remove();
    const second = await thread(adapter);
    expect(second.shadowRoot!.querySelector('textarea')!.value).to.equal('Half-written question');
    expect(storedKeys()).to.deep.equal([]);
    expect(localStorage.length).to.equal(0);
  });

  it('with the session store, the text and the key of an unanswered send survive a reload: sending again stores one message', async () => {
    const adapter = messagingAdapter();
    const port = adapter.messaging as MemoryMessagingPort;
    const before = (await port.listMessages('story-labs', { pageSize: 1000 })).items.length;
    const first = await thread(adapter, new SessionStorageDraftStore(sessionStorage, PREFIX));
    type(first, 'Sent once, answer lost');
    port.loseAnswers(1);
    await first.send();
    await waitFor(() => first.shadowRoot!.querySelector('.message--failed'), 'the failed send');
    expect(storedKeys().length, 'the draft is in the storage the host chose').to.equal(1);
    expect(sessionStorage.getItem(storedKeys()[0]!)).to.contain('Sent once, answer lost');

    // "reload": the element and its store are created again over the same storage
    render(null, first.parentElement!);
    const second = await thread(adapter, new SessionStorageDraftStore(sessionStorage, PREFIX));
    expect(second.shadowRoot!.querySelector('textarea')!.value).to.equal('Sent once, answer lost');
    await second.send();
    await waitFor(() => second.shadowRoot!.querySelector('textarea')!.value === '', 'the sent state');
    const bodies = (await port.listMessages('story-labs', { pageSize: 1000 })).items.map((m) => m.body);
    expect(bodies.length, 'one message, not two').to.equal(before + 1);
    expect(storedKeys(), 'a sent draft is forgotten').to.deep.equal([]);
  });

  it('a session store over refused storage keeps working without it', async () => {
    const refusing = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    } as unknown as Storage;
    const store = new SessionStorageDraftStore(refusing);
    store.save('a', { text: 'x' });
    expect(store.load('a')).to.equal(undefined);
    store.remove('a');
  });
});
