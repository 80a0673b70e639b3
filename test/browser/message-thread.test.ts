import { expect, fixture as mount, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/message-thread/message-thread.js';
import type { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import { MemoryPatientPort, createMemoryAdapter, type MemoryAdapter } from '../../src/adapters/memory/index.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { applyLocale } from '../../src/core/localization.js';
import { shadowText, waitFor } from './helpers.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';
import {
  CAREGIVER_USER,
  CLINICIAN_USER,
  MESSAGE_PATIENT,
  PATIENT_USER,
  drLee,
  messagingAdapter,
  messagingData,
} from '../../stories/data/messages.js';

ignoreResizeObserverLoop();

const NOW = () => new Date(2024, 5, 15, 12);

async function thread(
  adapter: MemoryAdapter,
  options: { threadId?: string; user?: typeof PATIENT_USER; width?: number; attrs?: Record<string, string> } = {},
) {
  const user = options.user ?? PATIENT_USER;
  const el = await mount<EngageMessageThread>(
    html`<engage-message-thread
      style=${options.width ? `width:${options.width}px` : ''}
      thread-id=${options.threadId ?? 'story-labs'}
      reply-time="2 business days"
      allowed-types=${options.attrs?.['allowed-types'] ?? ''}
      .adapter=${adapter}
      .session=${{ patient: MESSAGE_PATIENT, user: user.user, role: user.role, now: NOW, locale: 'en-US' }}
    ></engage-message-thread>`,
  );
  await waitFor(() => el.shadowRoot?.querySelector('[part~="messages"], [part~="state"]:not([part~="loading"])'), 'thread content');
  await el.updateComplete;
  return el;
}

/** A port's methods bound to it, as a plain object (a vendor's port without some of them). */
const bound = (port: object) =>
  Object.fromEntries(
    Object.getOwnPropertyNames(Object.getPrototypeOf(port))
      .filter((name) => name !== 'constructor' && typeof (port as Record<string, unknown>)[name] === 'function')
      .map((name) => [name, ((port as Record<string, (...args: unknown[]) => unknown>)[name]!).bind(port)]),
  );

const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T & HTMLElement>(selector)!;
const $$ = (el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const messageTexts = (el: Element) => $$(el, '[part~="message"] .body').map((b) => b.textContent!.replace(/\s+/g, ' ').trim());

/** Presses Tab until `target` has focus (keyboard only), or fails. */
async function tabTo(el: Element, target: () => Element | null, what: string) {
  for (let i = 0; i < 40; i++) {
    if (el.shadowRoot!.activeElement && el.shadowRoot!.activeElement === target()) return;
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(`Tab never reached ${what}`);
}

describe('<engage-message-thread>', () => {
  afterEach(() => applyLocale('en'));

  it('shows messages in order with sender, role, time and sanitized rich text', async () => {
    const el = await thread(messagingAdapter());
    expect($(el, '[role="heading"]').textContent!.trim()).to.equal('Question about my lab results');
    expect(messageTexts(el)[0]).to.contain('Is my cholesterol number something to worry about?');
    expect(messageTexts(el)[1]).to.contain('walk 30 minutes a day');
    const heads = $$(el, '.message__head').map((h) => h.textContent!.replace(/\s+/g, ' ').trim());
    expect(heads[0]).to.match(/^You Patient Jun 12, 2024/);
    expect(heads[1]).to.match(/^Dr\. Ana Lee Care team Jun 13, 2024, 4:30/);
    const link = $(el, '.body a');
    expect(link.getAttribute('href')).to.equal('https://medlineplus.gov/cholesterol.html');
    expect(link.getAttribute('rel')).to.equal('noopener noreferrer');
    expect($$(el, '.body ul li')).to.have.length(2);
    // my own message says it was read; the two new ones are labelled "New" (not colour alone)
    expect($$(el, '.message--mine .delivery')[0]!.textContent).to.contain('Read');
    expect($$(el, '.unread-label').map((e) => e.textContent)).to.deep.equal(['New', 'New']);
  });

  it('marks the shown messages as read for this reader only, once the page is seen', async () => {
    const adapter = messagingAdapter();
    expect((await adapter.messaging.getThread('story-labs', { as: PATIENT_USER })).unreadCount).to.equal(2);
    // shown on a hidden page (a background tab): nothing is marked read yet
    let visibility: DocumentVisibilityState = 'hidden';
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
    try {
      await thread(adapter);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await adapter.messaging.getThread('story-labs', { as: PATIENT_USER })).unreadCount).to.equal(2);
      visibility = 'visible';
      document.dispatchEvent(new Event('visibilitychange'));
    } finally {
      delete (document as { visibilityState?: unknown }).visibilityState;
    }
    const start = performance.now();
    let unread = 2;
    while (unread && performance.now() - start < 3000) {
      unread = (await adapter.messaging.getThread('story-labs', { as: PATIENT_USER })).unreadCount;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(unread).to.equal(0);
    // Dr. Lee's view of the same conversation is untouched
    expect((await adapter.messaging.getThread('story-labs', { as: CLINICIAN_USER })).unreadCount).to.equal(0);
    const drLeeMessages = (await adapter.messaging.listMessages('story-labs', {}, { as: CLINICIAN_USER })).items;
    expect(drLeeMessages.filter((m) => m.sender.ref === drLee.ref).every((m) => m.delivery === 'read')).to.equal(true);
  });

  it('replies with the keyboard alone; focus returns to the reply box and the send is announced', async () => {
    const adapter = messagingAdapter();
    const el = await thread(adapter);
    const textarea = () => $<HTMLTextAreaElement>(el, 'textarea');
    await tabTo(el, textarea, 'the reply box');
    await sendKeys({ type: 'Thank you, I will walk more.' });
    await tabTo(el, () => $(el, '[part~="send-button"]'), 'the send button');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => messageTexts(el).includes('Thank you, I will walk more.') && !el.shadowRoot!.querySelector('.message--failed, [part~="send-button"][disabled]'), 'the sent message');
    await waitFor(() => el.shadowRoot!.activeElement === textarea(), 'focus back in the reply box');
    expect(textarea().value).to.equal('');
    expect($(el, '[role="status"][aria-live="polite"]').textContent).to.contain('Message sent.');
    const stored = (await adapter.messaging.listMessages('story-labs', {}, { as: PATIENT_USER })).items;
    expect(stored.at(-1)!.body).to.equal('<p>Thank you, I will walk more.</p>');
    expect(stored.at(-1)!.sender.ref).to.equal(PATIENT_USER.user.ref);
  });

  it('a failed send stays visible with the text kept; a retry creates exactly one message', async () => {
    const adapter = messagingAdapter({ writeFailure: 'network' });
    const el = await thread(adapter);
    el.value = 'Can I take ibuprofen?';
    await el.updateComplete;
    $(el, '[part~="send-button"]').click();
    const failed = await waitFor(() => el.shadowRoot!.querySelector('.message--failed'), 'the failed state');
    expect(failed.textContent).to.contain('Not sent.');
    expect(failed.textContent).to.contain('We could not reach the server');
    expect($<HTMLTextAreaElement>(el, 'textarea').value).to.equal('Can I take ibuprofen?');
    // focus goes to the retry button, inside an alert
    expect(el.shadowRoot!.activeElement?.textContent?.trim()).to.equal('Retry sending');
    const before = (await adapter.messaging.listMessages('story-labs', {}, {})).items.length;

    adapter.messaging.writeFailure = undefined;
    await sendKeys({ press: 'Enter' }); // keyboard retry on the focused button
    await waitFor(() => !el.shadowRoot!.querySelector('.message--failed') && messageTexts(el).includes('Can I take ibuprofen?'), 'the retried message');
    await el.send(); // an extra press after success sends nothing: the box is empty
    const after = (await adapter.messaging.listMessages('story-labs', {}, {})).items;
    expect(after.length).to.equal(before + 1);
    expect(after.filter((m) => m.body.includes('ibuprofen'))).to.have.length(1);
  });

  it('keeps the typed text through a re-render and a reconnect', async () => {
    const el = await thread(messagingAdapter());
    $(el, 'textarea').focus();
    await sendKeys({ type: 'Draft that must survive' });
    el.replyTime = '3 days';
    await el.updateComplete;
    const parent = el.parentElement!;
    el.remove();
    parent.append(el);
    await el.updateComplete;
    await waitFor(() => el.shadowRoot!.querySelector('textarea'), 'composer');
    expect($<HTMLTextAreaElement>(el, 'textarea').value).to.equal('Draft that must survive');
    expect(shadowText(el)).to.contain('We usually reply within 3 days.');
    expect(shadowText(el)).to.contain('If this is an emergency, call 911 now.');
  });

  it('shows new messages as they arrive and announces them politely without moving focus', async () => {
    const adapter = messagingAdapter();
    const el = await thread(adapter);
    const textarea = $(el, 'textarea');
    textarea.focus();
    await adapter.messaging.sendMessage(
      'story-labs',
      { body: '<p>Your appointment is confirmed.</p>', attachments: [] },
      { idempotencyKey: newIdempotencyKey(), as: CLINICIAN_USER },
    );
    await waitFor(() => messageTexts(el).includes('Your appointment is confirmed.'), 'the new message');
    await waitFor(() => $(el, '[role="status"][aria-live="polite"]').textContent!.includes('New message from Dr. Ana Lee.'), 'the announcement');
    expect(el.shadowRoot!.activeElement).to.equal(textarea);
  });

  it('looks for new messages itself when the port cannot push them', async () => {
    const adapter = messagingAdapter();
    const port = adapter.messaging;
    // the same port without subscribe(), as a vendor's simple REST port might be
    const withoutPush = {
      messaging: {
        listThreads: port.listThreads.bind(port),
        getThread: port.getThread.bind(port),
        listMessages: port.listMessages.bind(port),
        getDirectory: port.getDirectory.bind(port),
        startThread: port.startThread.bind(port),
        sendMessage: port.sendMessage.bind(port),
        markRead: port.markRead.bind(port),
        setThreadStatus: port.setThreadStatus.bind(port),
        getAttachment: port.getAttachment.bind(port),
      },
    };
    const el = await thread(withoutPush as unknown as MemoryAdapter);
    el.pollInterval = 50;
    el.threadId = 'story-rx';
    await waitFor(() => shadowText(el).includes('Prescription'), 'the second conversation');
    el.threadId = 'story-labs';
    await waitFor(() => messageTexts(el).length > 0, 'messages');
    await port.sendMessage(
      'story-labs',
      { body: '<p>Polled reply.</p>', attachments: [] },
      { idempotencyKey: newIdempotencyKey(), as: CLINICIAN_USER },
    );
    await waitFor(() => messageTexts(el).includes('Polled reply.'), 'the message found by polling');
    expect(messageTexts(el).filter((t) => t === 'Polled reply.').length).to.equal(1);
    el.remove();
  });

  it('takes a message retracted while on screen off it, pushed by the port or missing from a reload, and announces it', async () => {
    for (const push of [true, false]) {
      const seed = messagingData();
      const port = createMemoryAdapter({ messaging: { ...seed, now: NOW } }).messaging;
      const seeded = seed.messages.filter((m) => m.threadId === 'story-labs');
      const retracted = seeded.find((m) => m.body === 'I attached a diet sheet and the lab report.')!;
      // without push: the same port without subscribe(), so the element reloads the conversation
      const messaging = push ? port : { ...bound(port), subscribe: undefined };
      const el = await thread({ messaging } as unknown as MemoryAdapter);
      el.pollInterval = 50;
      await waitFor(() => messageTexts(el).length === seeded.length, 'the seeded messages');
      expect(messageTexts(el)).to.include(retracted.body);
      port.retract('story-labs', retracted.id);
      await waitFor(() => messageTexts(el).length === seeded.length - 1, `the retracted message to leave (push: ${push})`);
      expect(messageTexts(el)).to.not.include(retracted.body);
      await waitFor(() => $(el, '[role="status"][aria-live="polite"]').textContent!.includes('A message was removed from this conversation.'), 'the announcement');
      el.remove();
    }
  });

  describe('a message retracted while focus is in the conversation', () => {
    /** The story conversation, its seeded messages in order, and the element over the memory port. */
    async function retractable(attrs: Record<string, string> = {}) {
      const seed = messagingData();
      const port = createMemoryAdapter({ messaging: { ...seed, now: NOW } }).messaging;
      const seeded = seed.messages.filter((m) => m.threadId === 'story-labs');
      const el = await thread({ messaging: port } as unknown as MemoryAdapter, { attrs });
      if (attrs['virtualize-threshold']) el.virtualizeThreshold = Number(attrs['virtualize-threshold']);
      await waitFor(() => messageTexts(el).length === seeded.length, 'the seeded messages');
      return { el, port, seeded };
    }
    /** The body of the message holding focus, '' when focus is on no message. */
    const focusedMessage = (el: Element) => {
      const row = el.shadowRoot!.activeElement?.closest('[part~="message"]');
      return row ? row.querySelector('.body')!.textContent!.replace(/\s+/g, ' ').trim() : '';
    };
    const replyButtonOf = (el: Element, body: string) =>
      $$(el, '[part~="message"]').find((row) => row.querySelector('.body')!.textContent!.includes(body))!.querySelector<HTMLButtonElement>(':scope > div > button')!;
    const announced = (el: Element) => $(el, '[role="status"][aria-live="polite"]').textContent!;

    it('focus on its "Reply" button goes to the next message, never to another message\'s button, and it is announced', async () => {
      const { el, port, seeded } = await retractable();
      // the seeded story conversation: mine, then Dr. Lee's two (each with "Reply to this message")
      const [, answer, next] = seeded;
      replyButtonOf(el, 'Hi María').focus();
      port.retract('story-labs', answer!.id);
      await waitFor(() => messageTexts(el).length === seeded.length - 1, 'the retracted message to leave');
      await el.updateComplete;
      const active = el.shadowRoot!.activeElement;
      expect(focusedMessage(el)).to.equal(next!.body);
      expect(active?.matches('button'), 'focus is on the next message itself, not on a control that would act on it').to.equal(false);
      await waitFor(() => announced(el).includes('A message was removed from this conversation.'), 'the announcement');
    });

    it('focus in another message stays in that message when one before it is removed', async () => {
      const { el, port, seeded } = await retractable();
      const [mine, , last] = seeded;
      const button = replyButtonOf(el, last!.body);
      button.focus();
      port.retract('story-labs', mine!.id);
      await waitFor(() => messageTexts(el).length === seeded.length - 1, 'the retracted message to leave');
      await el.updateComplete;
      expect(focusedMessage(el)).to.equal(last!.body);
      expect(el.shadowRoot!.activeElement?.textContent!.trim()).to.equal('Reply to this message');
    });

    it('focus on the last message goes to the list when it is removed', async () => {
      const { el, port, seeded } = await retractable();
      replyButtonOf(el, seeded[2]!.body).focus();
      port.retract('story-labs', seeded[2]!.id);
      await waitFor(() => messageTexts(el).length === seeded.length - 1, 'the retracted message to leave');
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement?.matches('[part~="messages"]')).to.equal(true);
    });

    it('in a virtualized list, focus in the removed message stays in the conversation and on no other message', async () => {
      const { el, port, seeded } = await retractable({ 'virtualize-threshold': '3' });
      await waitFor(() => $(el, '.messages--virtual') && $$(el, '[part~="message"]').length === seeded.length, 'the virtualized rows');
      replyButtonOf(el, 'Hi María').focus();
      port.retract('story-labs', seeded[1]!.id);
      await waitFor(() => messageTexts(el).length === seeded.length - 1, 'the retracted message to leave');
      await el.updateComplete;
      const active = el.shadowRoot!.activeElement;
      expect(Boolean(active), 'focus stays in the element').to.equal(true);
      expect(active?.matches('[part~="message"] > div > button'), 'focus is on no other message\'s "Reply"').to.equal(false);
      await waitFor(() => announced(el).includes('A message was removed from this conversation.'), 'the announcement');
    });

    it('says so when the message being replied to is removed (English and Spanish)', async () => {
      for (const [locale, words] of [
        ['en-US', 'You were replying to a removed message, so your reply will now be sent as a new message.'],
        ['es', 'Estaba respondiendo a un mensaje que se quitó, así que su respuesta ahora se enviará como un mensaje nuevo.'],
      ] as const) {
        const { el, port, seeded } = await retractable();
        el.session = { ...el.session, locale };
        await el.updateComplete;
        replyButtonOf(el, seeded[2]!.body).click();
        await waitFor(() => $(el, '.reply-to'), '"Replying to"');
        port.retract('story-labs', seeded[2]!.id);
        await waitFor(() => !$(el, '.reply-to'), 'the quote to leave');
        await waitFor(() => announced(el).includes(words), `the announcement (${locale})`);
        el.remove();
      }
    });
  });

  it('shows a caregiver as writing for the patient', async () => {
    const el = await thread(messagingAdapter(), { threadId: 'story-rx', user: CAREGIVER_USER });
    expect(shadowText(el)).to.contain('Caregiver for María García');
  });

  it('lets a clinician see the team inbox, reply as themself and close the conversation', async () => {
    const adapter = messagingAdapter();
    const el = await thread(adapter, { threadId: 'story-rx', user: CLINICIAN_USER });
    expect(shadowText(el)).to.contain('Routed to: Prescription questions');
    // no emergency notice for clinicians
    expect(el.shadowRoot!.querySelector('[part~="notice"]')).to.equal(null);
    el.value = 'Refill sent.';
    await el.send();
    const last = (await adapter.messaging.listMessages('story-rx', {}, {})).items.at(-1)!;
    expect(last.sender.ref).to.equal(CLINICIAN_USER.user.ref);
    const close = $$(el, 'button').find((b) => b.textContent!.includes('Close conversation'))!;
    close.click();
    await waitFor(() => $$(el, 'button').some((b) => b.textContent!.includes('Reopen conversation')), 'reopen button');
    expect((await adapter.messaging.getThread('story-rx')).status).to.equal('closed');
    expect(shadowText(el)).to.contain('Status: Closed');
  });

  it('attaches allowed files, refuses others with their names as text, and sends them', async () => {
    const adapter = messagingAdapter();
    const el = await thread(adapter);
    const input = $<HTMLInputElement>(el, 'input[type="file"]');
    const transfer = new DataTransfer();
    transfer.items.add(new File(['%PDF-1.4'], 'referral.pdf', { type: 'application/pdf' }));
    transfer.items.add(new File(['<script>alert(1)</script>'], '<img src=x onerror=alert(1)>.html', { type: 'text/html' }));
    transfer.items.add(new File([new Uint8Array(11 * 1024 * 1024)], 'huge.png', { type: 'image/png' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const refused = $(el, '[part~="attachment-error"]');
    expect(refused.getAttribute('role')).to.equal('alert');
    expect(refused.textContent).to.contain('<img src=x onerror=alert(1)>.html: This type of file cannot be sent.');
    expect(refused.querySelector('img')).to.equal(null);
    expect(refused.textContent).to.contain('huge.png: The file is larger than 10 MB.');
    expect($$(el, '.composer__attached li .file-name').map((n) => n.textContent)).to.deep.equal(['referral.pdf']);
    // the attach button is a real, focusable button
    const attach = $(el, '[part~="attach-button"]');
    attach.focus();
    expect(el.shadowRoot!.activeElement).to.equal(attach);
    await el.send();
    const last = (await adapter.messaging.listMessages('story-labs', {}, {})).items.at(-1)!;
    expect(last.attachments.map((a) => a.title)).to.deep.equal(['referral.pdf']);
    expect(await (await adapter.messaging.getAttachment(last.attachments[0]!)).text()).to.equal('%PDF-1.4');
  });

  it('reflows at 320 px without horizontal scrolling', async () => {
    const el = await thread(messagingAdapter(), { width: 320 });
    expect(el.scrollWidth).to.be.at.most(320);
    expect($(el, '[part~="base"]').scrollWidth).to.be.at.most(320);
  });

  it('renders a 5,000-message conversation virtualized, scrolled to the newest', async function () {
    const el = await thread(messagingAdapter({ longThread: 5000 }), { threadId: 'story-long' });
    await waitFor(() => $$(el, '[part~="message"]').length > 0, 'rows');
    const rows = $$(el, '[part~="message"]');
    expect(rows.length).to.be.greaterThan(0).and.lessThan(100);
    const list = $(el, '[part~="messages"]');
    await waitFor(() => list.scrollTop > 0 && shadowText(el).includes('Glucose log 5000'), 'the newest message in view');
  });

  it('says what is missing when not configured', async () => {
    const el = await mount<EngageMessageThread>(html`<engage-message-thread thread-id="x" .adapter=${{}}></engage-message-thread>`);
    expect(shadowText(el)).to.contain('Setup needed: this element needs an adapter with a "messaging" port.');
    const noUser = await mount<EngageMessageThread>(
      html`<engage-message-thread thread-id="x" .adapter=${messagingAdapter()} .session=${{ role: 'clinician' }}></engage-message-thread>`,
    );
    expect(shadowText(noUser)).to.contain('the signed-in user');
  });

  it('speaks Spanish', async () => {
    // the element's own language (no longer a page-wide setting)
    const el = await thread(messagingAdapter());
    el.session = { ...el.session, locale: 'es' };
    await waitFor(() => shadowText(el).includes('No es para emergencias.'), 'Spanish text');
    expect(shadowText(el)).to.contain('Su respuesta');
    expect($(el, '[part~="send-button"]').textContent!.trim()).to.equal('Enviar');
  });
});

describe('<engage-message-thread> for a patient marked deceased', () => {
  /** The stories' messaging data, with a patient port that says the patient died (or not). */
  function adapterFor(deceased: boolean | string) {
    const adapter = messagingAdapter();
    adapter.patient = new MemoryPatientPort([{ ref: MESSAGE_PATIENT, names: [{ family: 'García', given: ['María'], prefix: [], suffix: [] }], identifiers: [], deceased }]);
    return adapter;
  }

  for (const user of [PATIENT_USER, CAREGIVER_USER]) {
    it(`${user.role}: the reply box is replaced by a notice; the conversation stays readable`, async () => {
      const el = await thread(adapterFor('2024-06-01'), { user });
      await waitFor(() => el.shadowRoot!.querySelector('[part~="deceased-notice"]'), 'the notice');
      expect($(el, '[part~="deceased-notice"]').textContent).to.contain('no new messages can be sent');
      expect(el.shadowRoot!.querySelector('[part~="composer-input"], [part~="send-button"], form.reply')).to.equal(null);
      expect(messageTexts(el).length).to.be.greaterThan(0);
    });
  }

  it('a clinician still replies in the record of a deceased patient', async () => {
    const el = await thread(adapterFor(true), { user: CLINICIAN_USER });
    await waitFor(() => el.shadowRoot!.querySelector('[part~="send-button"]'), 'the send button');
    expect(el.shadowRoot!.querySelector('[part~="deceased-notice"]')).to.equal(null);
  });

  it('a living patient (deceased: false) keeps the reply box', async () => {
    const adapter = adapterFor(false);
    let reads = 0;
    const read = adapter.patient.getPatient.bind(adapter.patient);
    adapter.patient.getPatient = async (...args) => {
      const answer = await read(...args);
      reads++;
      return answer;
    };
    const el = await thread(adapter);
    await waitFor(() => reads > 0, 'the patient read');
    await el.updateComplete;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="send-button"]')).to.not.equal(null);
    expect(el.shadowRoot!.querySelector('[part~="deceased-notice"]')).to.equal(null);
  });

  it('says it in Spanish', async () => {
    await applyLocale('es');
    const adapter = adapterFor(true);
    const el = await mount<EngageMessageThread>(
      html`<engage-message-thread
        thread-id="story-labs"
        .adapter=${adapter}
        .session=${{ patient: MESSAGE_PATIENT, user: PATIENT_USER.user, role: 'patient', now: NOW, locale: 'es' }}
      ></engage-message-thread>`,
    );
    await waitFor(() => el.shadowRoot!.querySelector('[part~="deceased-notice"]')?.textContent?.includes('falleció'), 'the Spanish notice');
  });
});
