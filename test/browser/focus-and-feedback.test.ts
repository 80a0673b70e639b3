/**
 * Issue #19, defects 1 and 2, over the memory adapter:
 * - focus never falls to <body> when the control that had it disappears ("New message"
 *   while the directory loads, "Keep it" in the refill cancel confirmation, a successful
 *   decision-aid Save);
 * - a message box with nothing in it says so on the box itself (`aria-invalid` and an
 *   `aria-describedby` that names the error), in the new-message form and in a reply, and
 *   no `aria-describedby` points at an element that is not rendered.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { render } from 'lit';
import '../../src/elements/message-inbox/message-inbox.js';
import '../../src/elements/message-thread/message-thread.js';
import '../../src/elements/refill-request/refill-request.js';
import '../../src/elements/decision-aid/decision-aid.js';
import type { EngageMessageInbox } from '../../src/elements/message-inbox/message-inbox.component.js';
import type { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import type { MessagingDirectory } from '../../src/adapters/ports.js';
import { createMemoryAdapter, type MemoryAdapter } from '../../src/adapters/memory/index.js';
import { pageDrafts } from '../../src/core/drafts.js';
import { settled, waitFor } from './helpers.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';
import { loadAids } from './decision-aid-helpers.js';
import { CLINICIAN_USER, MESSAGE_PATIENT, PATIENT_USER, messagingAdapter } from '../../stories/data/messages.js';
import { REFILL_PATIENT, refillData } from '../../stories/data/refills.js';

ignoreResizeObserverLoop();

const NOW = () => new Date(2024, 5, 15, 12);
const MISSING_MESSAGE = 'Write a message or attach a file.';

/** The element that really has focus, looking through every open shadow root on the way. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

const $ = <T extends HTMLElement = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);

/** Presses a button the way a keyboard user does: it has focus first. */
function press(button: HTMLElement | null | undefined): void {
  button!.focus();
  button!.click();
}

/** Presses Escape where focus is, as a keyboard does (the event crosses shadow roots). */
function pressEscape(): void {
  deepActiveElement()!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
}

/** The ids a control's aria-describedby names, each checked to exist in the same shadow root. */
function describedBy(el: Element, control: Element): HTMLElement[] {
  const ids = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => {
    const target = el.shadowRoot!.getElementById(id);
    expect(target, `aria-describedby names "${id}", which is rendered`).to.not.equal(null);
    return target!;
  });
}

const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const wrapper of mounted.splice(0)) {
    render(null, wrapper);
    wrapper.remove();
  }
  pageDrafts.clear();
});

async function inbox(adapter: MemoryAdapter, user = PATIENT_USER): Promise<EngageMessageInbox> {
  const el = await mount<EngageMessageInbox>(
    html`<engage-message-inbox
      emergency-number="112"
      .adapter=${adapter}
      .session=${{ patient: MESSAGE_PATIENT, user: user.user, role: user.role, now: NOW, locale: 'en-US' }}
    ></engage-message-inbox>`,
  );
  await waitFor(() => el.shadowRoot?.querySelector('[part~="list"], [part~="state"]:not([part~="loading"])'), 'inbox content');
  await el.updateComplete;
  return el;
}

async function thread(adapter: MemoryAdapter, user = PATIENT_USER): Promise<EngageMessageThread> {
  const el = await mount<EngageMessageThread>(
    html`<engage-message-thread
      thread-id="story-labs"
      .adapter=${adapter}
      .session=${{ patient: MESSAGE_PATIENT, user: user.user, role: user.role, now: NOW, locale: 'en-US' }}
    ></engage-message-thread>`,
  );
  await waitFor(() => el.shadowRoot?.querySelector('[part~="messages"]') && el.shadowRoot.querySelector('textarea'), 'thread content');
  await el.updateComplete;
  return el;
}

/** The refill request with the cancel confirmation of its pending request open. */
async function refillCancelConfirmation(): Promise<Element> {
  const wrapper = document.createElement('div');
  document.body.append(wrapper);
  mounted.push(wrapper);
  const adapter = createMemoryAdapter({ refills: refillData() });
  render(html`<engage-refill-request .adapter=${adapter} .session=${{ patient: REFILL_PATIENT, now: NOW, locale: 'en' }}></engage-refill-request>`, wrapper);
  const el = wrapper.querySelector('engage-refill-request')!;
  await waitFor(() => !$(el, '[part~="loading"]') && $(el, '[part~="cancel-button"]'), 'the history');
  await settled(el);
  press($(el, '[part~="cancel-button"]'));
  await settled(el);
  return el;
}

describe('focus stays in the element when the control that had it disappears (#19)', () => {
  it('"New message": the loading form\'s heading, then the form\'s heading once the directory is read', async () => {
    const adapter = messagingAdapter();
    // the directory answers only when the test says so, so the loading state can be seen
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const read = adapter.messaging.getDirectory.bind(adapter.messaging);
    adapter.messaging.getDirectory = async (...args): Promise<MessagingDirectory> => {
      await gate;
      return read(...args);
    };
    const el = await inbox(adapter);
    press($(el, '.new-button'));
    await waitFor(() => $(el, '[part~="new-form"] [part~="loading"]'), 'the loading form');
    await el.updateComplete;
    expect(deepActiveElement()?.id, 'focus while the directory loads').to.equal('new-title');
    const loadingTitle = deepActiveElement();
    release();
    await waitFor(() => $(el, 'form[part~="new-form"]'), 'the form');
    await settled(el);
    const active = deepActiveElement();
    expect(active?.id, 'focus once the form is shown').to.equal('new-title');
    expect(active, 'the heading of the form, not the removed loading one').to.not.equal(loadingTitle);
    expect($(el, 'form[part~="new-form"]')!.contains(active)).to.equal(true);
  });

  it('"Keep it" in the refill cancel confirmation returns focus to "Cancel request"', async () => {
    const el = await refillCancelConfirmation();
    expect(deepActiveElement()?.getAttribute('part')).to.equal('confirm-cancel-button');
    const keep = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.actions button')].find((b) => b.textContent!.trim() === 'Keep it');
    press(keep);
    await settled(el);
    const active = deepActiveElement();
    expect(active?.getAttribute('part')).to.equal('cancel-button');
    expect(active?.getAttribute('aria-label')).to.include('omeprazole');
  });

  it('Escape in the refill cancel confirmation keeps the request and returns focus to "Cancel request"', async () => {
    const el = await refillCancelConfirmation();
    pressEscape();
    await settled(el);
    expect($(el, '[part~="confirm-cancel-button"]'), 'the confirmation is closed').to.equal(null);
    const active = deepActiveElement();
    expect(active?.getAttribute('part')).to.equal('cancel-button');
    expect(active?.getAttribute('aria-label')).to.include('omeprazole');
  });

  it('Escape in the new-message form closes it, returns focus to "New message" and keeps what was typed', async () => {
    const el = await inbox(messagingAdapter());
    press($(el, '.new-button'));
    await waitFor(() => $(el, 'form[part~="new-form"] textarea'), 'the form');
    await settled(el);
    const box = $<HTMLTextAreaElement>(el, 'form[part~="new-form"] textarea')!;
    box.focus();
    box.value = 'Is my dose right?';
    box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    pressEscape();
    await settled(el);
    expect($(el, 'form[part~="new-form"]'), 'the form is closed').to.equal(null);
    expect(deepActiveElement()?.classList.contains('new-button')).to.equal(true);
    press($(el, '.new-button'));
    await waitFor(() => $(el, 'form[part~="new-form"] textarea'), 'the form again');
    expect($<HTMLTextAreaElement>(el, 'form[part~="new-form"] textarea')!.value).to.equal('Is my dose right?');
  });

  it('a successful decision-aid Save moves focus to the confirmation that replaced the button', async () => {
    const wrapper = document.createElement('div');
    document.body.append(wrapper);
    mounted.push(wrapper);
    const adapter = createMemoryAdapter({ decisionAids: { aids: loadAids } });
    render(
      html`<engage-decision-aid
        .adapter=${adapter}
        .session=${{ patient: 'Patient/85', role: 'patient', locale: 'en-US', now: () => new Date('2026-11-25T10:00:00Z') }}
        aid-id="statin-primary-prevention"
        start-step="summary"
        .riskInputs=${{ 'ten-year-risk': 12 }}
      ></engage-decision-aid>`,
      wrapper,
    );
    const el = wrapper.querySelector('engage-decision-aid')!;
    await waitFor(() => $(el, '.save'), 'the save button');
    press($(el, '.save'));
    await waitFor(() => !$(el, '.save') && $(el, '.saved'), 'saved');
    await settled(el);
    const active = deepActiveElement();
    // compared as a boolean: a failure report never serializes a whole element
    expect(active === $(el, '.saved'), `focus on <${active?.localName}>`).to.equal(true);
    expect(active!.textContent).to.include('Saved. Your care team can see your answers.');
  });
});

describe('an empty message box says so on the box (#19)', () => {
  it('new message with only the text missing: the box is invalid and described by the error', async () => {
    const el = await inbox(messagingAdapter());
    press($(el, '.new-button'));
    await waitFor(() => $(el, 'form[part~="new-form"]'), 'the form');
    const recipient = $<HTMLSelectElement>(el, '#new-recipient')!;
    recipient.value = recipient.options[1]!.value;
    recipient.dispatchEvent(new Event('change'));
    const subject = $<HTMLInputElement>(el, '#new-subject')!;
    subject.value = 'A question';
    subject.dispatchEvent(new Event('input'));
    press($(el, '[part~="send-button"]'));
    await settled(el);
    const box = $<HTMLTextAreaElement>(el, 'textarea')!;
    expect(box.getAttribute('aria-invalid')).to.equal('true');
    const descriptions = describedBy(el, box).map((d) => d.textContent!.replace(/\s+/g, ' ').trim());
    expect(descriptions.some((d) => d.endsWith(MISSING_MESSAGE)), descriptions.join(' | ')).to.equal(true);
    // the notice stays part of the description for a patient
    expect(descriptions.some((d) => d.includes('Not for emergencies.'))).to.equal(true);
    expect(deepActiveElement() === box, 'focus in the message box').to.equal(true);
    // once there is text the box is no longer marked
    box.value = 'My question';
    box.dispatchEvent(new Event('input'));
    await settled(el);
    expect(box.getAttribute('aria-invalid')).to.equal('false');
    expect(describedBy(el, box).map((d) => d.textContent!)).to.not.include.members([MISSING_MESSAGE]);
  });

  it('an empty reply pressed Send says so on the reply box and sends nothing', async () => {
    const adapter = messagingAdapter();
    const el = await thread(adapter);
    const before = (await adapter.messaging.listMessages('story-labs', {}, {})).items.length;
    const box = $<HTMLTextAreaElement>(el, 'textarea')!;
    expect(box.getAttribute('aria-invalid')).to.not.equal('true');
    press($(el, '[part~="send-button"]'));
    await settled(el);
    expect(box.getAttribute('aria-invalid')).to.equal('true');
    const descriptions = describedBy(el, box).map((d) => d.textContent!.replace(/\s+/g, ' ').trim());
    expect(descriptions.some((d) => d.endsWith(MISSING_MESSAGE)), descriptions.join(' | ')).to.equal(true);
    expect(deepActiveElement() === box, 'focus in the reply box').to.equal(true);
    expect((await adapter.messaging.listMessages('story-labs', {}, {})).items.length).to.equal(before);
  });

  it("the clinician's reply box names only what is rendered", async () => {
    const el = await thread(messagingAdapter(), CLINICIAN_USER);
    expect($(el, '[part~="notice"]')).to.equal(null);
    for (const control of el.shadowRoot!.querySelectorAll('[aria-describedby]')) describedBy(el, control);
    const box = $<HTMLTextAreaElement>(el, 'textarea')!;
    press($(el, '[part~="send-button"]'));
    await settled(el);
    expect(box.getAttribute('aria-invalid')).to.equal('true');
    expect(describedBy(el, box).map((d) => d.textContent!.replace(/\s+/g, ' ').trim()).some((d) => d.endsWith(MISSING_MESSAGE))).to.equal(true);
  });

  it("the clinician's new-message box names only what is rendered", async () => {
    const el = await inbox(messagingAdapter(), CLINICIAN_USER);
    press($(el, '.new-button'));
    await waitFor(() => $(el, 'form[part~="new-form"]'), 'the form');
    for (const control of el.shadowRoot!.querySelectorAll('[aria-describedby]')) describedBy(el, control);
  });
});
