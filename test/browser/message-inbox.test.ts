import { expect, fixture as mount, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/message-inbox/message-inbox.js';
import type { EngageMessageInbox } from '../../src/elements/message-inbox/message-inbox.component.js';
import { MemoryPatientPort, type MemoryAdapter } from '../../src/adapters/memory/index.js';
import type { Thread } from '../../src/adapters/ports.js';
import { applyLocale } from '../../src/core/localization.js';
import { shadowText, waitFor } from './helpers.js';
import { CLINICIAN_USER, MESSAGE_PATIENT, PATIENT_USER, messagingAdapter } from '../../stories/data/messages.js';

const NOW = () => new Date(2024, 5, 15, 12);

async function inbox(adapter: MemoryAdapter, options: { user?: typeof PATIENT_USER; width?: number; status?: string } = {}) {
  const user = options.user ?? PATIENT_USER;
  const el = await mount<EngageMessageInbox>(
    html`<engage-message-inbox
      style=${options.width ? `width:${options.width}px` : ''}
      status=${options.status ?? 'open'}
      emergency-number="112"
      reply-time="2 business days"
      .adapter=${adapter}
      .session=${{ patient: MESSAGE_PATIENT, user: user.user, role: user.role, now: NOW, locale: 'en-US' }}
    ></engage-message-inbox>`,
  );
  await waitFor(() => el.shadowRoot?.querySelector('[part~="list"], [part~="state"]:not([part~="loading"])'), 'inbox content');
  await el.updateComplete;
  return el;
}

const $ = <T extends HTMLElement = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;
const $$ = (el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const subjects = (el: Element) => $$(el, '.thread-link .subject').map((s) => s.textContent!.trim());

/** Opens "New message" and fills it: to Dr. Lee, subject "Knee pain", and the returned text. */
async function writeKneeMessage(el: Element): Promise<string> {
  $(el, '[part~="new-button"]').click();
  const select = await waitFor(() => el.shadowRoot!.querySelector<HTMLSelectElement>('#new-recipient'), 'form');
  select.value = 'Practitioner/story-lee';
  select.dispatchEvent(new Event('change'));
  const text = 'My knee hurts when I climb stairs.';
  for (const [selector, value] of [['#new-subject', 'Knee pain'], ['textarea', text]] as const) {
    const field = $<HTMLInputElement>(el, selector);
    field.value = value;
    field.dispatchEvent(new Event('input'));
  }
  return text;
}

async function tabTo(el: Element, target: () => Element | null, what: string) {
  for (let i = 0; i < 60; i++) {
    if (el.shadowRoot!.activeElement && el.shadowRoot!.activeElement === target()) return;
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(`Tab never reached ${what}`);
}

describe('<engage-message-inbox>', () => {
  afterEach(() => applyLocale('en'));

  it('lists open conversations newest first with category, people, preview and unread count', async () => {
    const el = await inbox(messagingAdapter());
    expect(subjects(el)).to.deep.equal(['Question about my lab results', 'Refill timing for my inhaler']);
    const first = $$(el, '.item')[0]!;
    expect(first.querySelector('.unread')!.textContent!.trim()).to.equal('2 unread');
    expect(first.querySelector('.details')!.textContent!.replace(/\s+/g, ' ')).to.contain('Test results · Dr. Ana Lee');
    // the preview is plain text of the last message, no markup
    expect(first.querySelector('.preview')!.textContent).to.equal('I attached a diet sheet and the lab report.');
    expect(first.querySelector('time')!.getAttribute('datetime')).to.match(/^2024-06-14T/);
  });

  it('filters open / closed / all and selects a conversation with an event', async () => {
    const el = await inbox(messagingAdapter());
    const radios = $$(el, 'input[type="radio"]') as HTMLInputElement[];
    radios[1]!.click();
    await waitFor(() => subjects(el).length === 1 && subjects(el)[0] === 'Billing question from May', 'closed list');
    expect(shadowText(el)).to.contain('Closed');
    radios[2]!.click();
    await waitFor(() => subjects(el).length === 3, 'all');
    let selected: Thread | undefined;
    el.addEventListener('engage-thread-select', (event) => (selected = event.detail.thread));
    $$(el, '.thread-link')[1]!.click();
    expect(selected?.subject).to.equal('Refill timing for my inhaler');
    await el.updateComplete;
    expect($$(el, '.thread-link')[1]!.getAttribute('aria-current')).to.equal('true');
  });

  it('pages a long history without repeating, moving focus to the first new conversation', async () => {
    const el = await inbox(messagingAdapter({ threads: 45 }), { status: 'all' });
    expect(subjects(el)).to.have.length(20);
    $$(el, 'button').find((b) => b.textContent!.includes('Show older conversations'))!.click();
    await waitFor(() => subjects(el).length === 40, 'page 2');
    await waitFor(() => el.shadowRoot!.activeElement === $$(el, '.thread-link')[20], 'focus on the first new item');
    $$(el, 'button').find((b) => b.textContent!.includes('Show older conversations'))!.click();
    await waitFor(() => subjects(el).length === 48, 'page 3');
    expect(new Set(subjects(el)).size).to.equal(48);
    expect($$(el, 'button').some((b) => b.textContent!.includes('Show older conversations'))).to.equal(false);
  });

  it('starts a conversation with the keyboard alone, after the emergency notice', async () => {
    const adapter = messagingAdapter();
    const el = await inbox(adapter);
    let created: Thread | undefined;
    el.addEventListener('engage-thread-create', (event) => (created = event.detail.thread));
    await tabTo(el, () => $(el, '[part~="new-button"]'), 'New message');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => el.shadowRoot!.querySelector('#new-recipient'), 'the form');
    const notice = $(el, '[part~="notice"]');
    expect(notice.textContent!.replace(/\s+/g, ' ')).to.contain('Not for emergencies. If this is an emergency, call 112 now. We usually reply within 2 business days.');

    // sending an empty form says what is missing and focuses the first field
    await tabTo(el, () => $(el, '[part~="send-button"]'), 'Send');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => el.shadowRoot!.activeElement === $(el, '#new-recipient'), 'focus on the recipient');
    expect(shadowText(el)).to.contain('Choose who to write to.');

    // choose "Nurse line" with the arrow keys
    await sendKeys({ press: 'ArrowDown' });
    await waitFor(() => ($(el, '#new-recipient') as HTMLSelectElement).value !== '', 'a recipient');
    await tabTo(el, () => $(el, '#new-subject'), 'the subject');
    await sendKeys({ type: 'Rash on my arm' });
    await tabTo(el, () => $(el, 'textarea'), 'the message');
    await sendKeys({ type: 'It started yesterday.' });
    await tabTo(el, () => $(el, '[part~="send-button"]'), 'Send');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => created, 'the new conversation');
    expect(created!.subject).to.equal('Rash on my arm');
    expect(created!.pool?.name).to.equal('Nurse line');
    await waitFor(() => subjects(el)[0] === 'Rash on my arm', 'listed first');
    await waitFor(() => el.shadowRoot!.activeElement === $$(el, '.thread-link')[0], 'focus on the new conversation');
    const messages = (await adapter.messaging.listMessages(created!.id, {}, {})).items;
    expect(messages.map((m) => m.body)).to.deep.equal(['<p>It started yesterday.</p>']);
  });

  it('keeps every input when starting a conversation fails, and a retry creates one conversation', async () => {
    const adapter = messagingAdapter({ writeFailure: 'server' });
    const el = await inbox(adapter);
    await writeKneeMessage(el);
    $(el, '[part~="send-button"]').click();
    const error = await waitFor(() => el.shadowRoot!.querySelector('.form-error'), 'the error');
    expect(error.textContent).to.contain('Your message is kept.');
    expect(el.shadowRoot!.activeElement).to.equal(error);
    expect(($(el, '#new-recipient') as HTMLSelectElement).value).to.equal('Practitioner/story-lee');
    expect(($(el, '#new-subject') as HTMLInputElement).value).to.equal('Knee pain');
    expect(($(el, 'textarea') as HTMLTextAreaElement).value).to.equal('My knee hurts when I climb stairs.');

    adapter.messaging.writeFailure = undefined;
    $(el, '[part~="send-button"]').click();
    await waitFor(() => subjects(el).includes('Knee pain'), 'the conversation');
    const all = await adapter.messaging.listThreads({ patient: MESSAGE_PATIENT, status: 'all', pageSize: 100 }, {});
    expect(all.items.filter((t) => t.subject === 'Knee pain')).to.have.length(1);
  });

  it('a retry after the lost first message was retracted says so, keeps every input, and a second retry sends it anew', async () => {
    const adapter = messagingAdapter();
    const el = await inbox(adapter);
    const text = await writeKneeMessage(el);
    adapter.messaging.loseAnswers(1);
    $(el, '[part~="send-button"]').click();
    await waitFor(() => el.shadowRoot!.querySelector('.form-error'), 'the lost answer');
    // the conversation landed; the care team retracts its message before the user retries
    const knee = async () => (await adapter.messaging.listThreads({ patient: MESSAGE_PATIENT, status: 'all', pageSize: 100 }, {})).items.filter((t) => t.subject === 'Knee pain');
    const [landed] = await knee();
    const [message] = (await adapter.messaging.listMessages(landed!.id, {}, {})).items;
    adapter.messaging.retract(landed!.id, message!.id);

    $(el, '[part~="send-button"]').click();
    const error = await waitFor(() => el.shadowRoot!.querySelector('.form-error')?.textContent?.includes('removed an earlier copy') && el.shadowRoot!.querySelector('.form-error'), 'the withdrawn error');
    expect(error.textContent).to.contain('Not sent.');
    expect([($(el, '#new-subject') as HTMLInputElement).value, ($(el, 'textarea') as HTMLTextAreaElement).value]).to.deep.equal(['Knee pain', text]);

    $(el, '[part~="send-button"]').click();
    await waitFor(() => !el.shadowRoot!.querySelector('#new-subject'), 'the sent state');
    const after = await knee();
    // the retracted conversation keeps no message; the new one holds the text
    expect(after.map((t) => `${t.messageCount}: ${t.preview ?? ''}`).sort()).to.deep.equal(['0: ', `1: ${text}`]);
  });

  it('refuses a file that is not allowed, naming it as text', async () => {
    const el = await inbox(messagingAdapter());
    $(el, '[part~="new-button"]').click();
    await waitFor(() => el.shadowRoot!.querySelector('input[type="file"]'), 'form');
    const input = $<HTMLInputElement>(el, 'input[type="file"]');
    const transfer = new DataTransfer();
    transfer.items.add(new File(['x'], '"><svg onload=alert(1)>.exe', { type: 'application/x-msdownload' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const refused = $(el, '[part~="attachment-error"]');
    expect(refused.textContent).to.contain('"><svg onload=alert(1)>.exe: This type of file cannot be sent.');
    expect(refused.querySelector('svg:not([part~="icon"])')).to.equal(null);
  });

  it('shows an empty inbox, and a clinician the same list without the emergency notice', async () => {
    const empty = await inbox(messagingAdapter({ empty: true }));
    expect(shadowText(empty)).to.contain('No messages yet');
    const clinician = await inbox(messagingAdapter(), { user: CLINICIAN_USER });
    expect(subjects(clinician)).to.have.length(2);
    $(clinician, '[part~="new-button"]').click();
    await waitFor(() => clinician.shadowRoot!.querySelector('#new-recipient'), 'form');
    expect(clinician.shadowRoot!.querySelector('[part~="notice"]')).to.equal(null);
  });

  it('reflows at 320 px, the form too', async () => {
    const el = await inbox(messagingAdapter(), { width: 320 });
    expect(el.scrollWidth).to.be.at.most(320);
    $(el, '[part~="new-button"]').click();
    await waitFor(() => el.shadowRoot!.querySelector('#new-recipient'), 'form');
    expect($(el, '[part~="base"]').scrollWidth).to.be.at.most(320);
  });

  it('speaks Spanish', async () => {
    // the element's own language (no longer a page-wide setting)
    const el = await inbox(messagingAdapter());
    el.session = { ...el.session, locale: 'es' };
    await waitFor(() => shadowText(el).includes('Mensaje nuevo'), 'Spanish');
    expect(shadowText(el)).to.contain('2 sin leer');
  });
});

describe('<engage-message-inbox> for a patient marked deceased', () => {
  function adapterFor(deceased: boolean | string) {
    const adapter = messagingAdapter();
    adapter.patient = new MemoryPatientPort([{ ref: MESSAGE_PATIENT, names: [{ family: 'García', given: ['María'], prefix: [], suffix: [] }], identifiers: [], deceased }]);
    return adapter;
  }

  it('the patient sees a notice instead of "New message"; past conversations stay listed', async () => {
    const el = await inbox(adapterFor('2024-06-01T08:00:00Z'));
    await waitFor(() => el.shadowRoot!.querySelector('[part~="deceased-notice"]'), 'the notice');
    expect($(el, '[part~="deceased-notice"]').textContent).to.contain('no new messages can be sent');
    expect(el.shadowRoot!.querySelector('[part~="new-button"]')).to.equal(null);
    expect(subjects(el)).to.deep.equal(['Question about my lab results', 'Refill timing for my inhaler']);
  });

  it('a clinician can still start a conversation', async () => {
    const el = await inbox(adapterFor(true), { user: CLINICIAN_USER });
    await waitFor(() => el.shadowRoot!.querySelector('[part~="new-button"]'), 'the New message button');
    expect(el.shadowRoot!.querySelector('[part~="deceased-notice"]')).to.equal(null);
  });
});
