/**
 * Audit of "a user's input survives every failure, and what is stored is what they last
 * saw", from the elements' side, over the memory adapter (its ledger applies a write and
 * then loses the answer, as a dropped connection does). Each test names one promise of
 * docs/write-protocol.md (§1 keys, §5 drafts) or DESIGN.md ("no patient data in
 * localStorage"); the storage check runs after each scenario.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/message-inbox/message-inbox.js';
import '../../src/elements/health-tracker/health-tracker.js';
import '../../src/elements/care-reminders/care-reminders.js';
import type { EngageMessageInbox } from '../../src/elements/message-inbox/message-inbox.component.js';
import type { EngageHealthTracker } from '../../src/elements/health-tracker/health-tracker.js';
import type { EngageCareReminders } from '../../src/elements/care-reminders/care-reminders.component.js';
import { createMemoryAdapter, type MemoryAdapter } from '../../src/adapters/memory/index.js';
import { pageDrafts } from '../../src/core/drafts.js';
import { storageUsed, waitFor } from './helpers.js';
import { CAREGIVER_USER, MESSAGE_PATIENT, messagingAdapter } from '../../stories/data/messages.js';
import { reminderRules } from '../../stories/data/reminders.js';

const ADA = 'Patient/story-ada';

const NOW = () => new Date(2024, 5, 15, 12);
const $ = <T extends HTMLElement = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = (el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

function type(field: HTMLInputElement | HTMLTextAreaElement | null, value: string): void {
  field!.value = value;
  field!.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

afterEach(() => pageDrafts.clear());

/** The inbox for `patient`, with a caregiver acting, once it shows its list (or an empty state). */
async function inbox(adapter: MemoryAdapter, patient: string): Promise<EngageMessageInbox> {
  const el = await mount<EngageMessageInbox>(
    html`<engage-message-inbox
      .adapter=${adapter}
      .session=${{ patient, user: CAREGIVER_USER.user, role: CAREGIVER_USER.role, now: NOW, locale: 'en-US' }}
    ></engage-message-inbox>`,
  );
  await waitFor(() => $(el, '[part~="list"], [part~="state"]:not([part~="loading"])'), 'inbox content');
  return el;
}

describe('input survival: the inbox composer', () => {
  const SECOND_PATIENT = 'Patient/story-luis';

  async function openNewMessage(el: EngageMessageInbox): Promise<HTMLTextAreaElement> {
    $(el, '[part~="new-button"]')!.click();
    return waitFor(() => $<HTMLTextAreaElement>(el, 'form[part~="new-form"] textarea'), 'the new-message form');
  }

  it("a caregiver's unsent new message for one patient is not offered, with its write keys, for another patient", async () => {
    // Rosa writes about her mother María; the answer of the send is lost; she switches to her son
    const adapter = messagingAdapter();
    const first = await inbox(adapter, MESSAGE_PATIENT);
    await openNewMessage(first);
    const select = $<HTMLSelectElement>(first, '#new-recipient')!;
    select.value = 'Practitioner/story-lee';
    select.dispatchEvent(new Event('change'));
    type($<HTMLInputElement>(first, '#new-subject'), 'Her inhaler');
    type($<HTMLTextAreaElement>(first, 'form[part~="new-form"] textarea'), 'My mother coughs at night since the new inhaler.');
    adapter.messaging.loseAnswers(1);
    $(first, '[part~="send-button"]')!.click();
    await waitFor(() => $(first, '.form-error'), 'the lost answer');
    first.remove();

    const second = await inbox(adapter, SECOND_PATIENT);
    const box = await openNewMessage(second);
    expect(box.value, "María's words are not put in a message about another patient").to.equal('');
    expect(await storageUsed()).to.deep.equal([]);
  });
});

describe('input survival: health-tracker CSV import', () => {
  const PATIENT = 'Patient/p1';

  it('a row corrected after its save was lost is stored once, with the corrected value', async () => {
    const adapter = createMemoryAdapter();
    const el = await mount<EngageHealthTracker>(
      html`<engage-health-tracker .adapter=${adapter} .session=${{ patient: PATIENT, role: 'patient', locale: 'en', now: NOW }}></engage-health-tracker>`,
    );
    await waitFor(() => !$(el, '[part~="loading"]') && $(el, '[part~="base"]'), 'the tracker');
    const check = async (csv: string) => {
      type($<HTMLTextAreaElement>(el, '#csv-text'), csv);
      $(el, '[part~="check-button"]')!.click();
      await waitFor(() => $(el, '[part~="import-button"]'), 'the preview');
    };
    // the patient typed 27 instead of 72; the save lands but its answer is lost: the row says it failed
    await check('date,type,value,unit\r\n2024-06-10,pulse,27,/min');
    adapter.healthTracker.loseAnswers(1);
    $(el, '[part~="import-button"]')!.click();
    await waitFor(() => $$(el, '[part~="preview"] tbody tr[data-status="failed"]').length, 'the failed row');
    // seeing the row was not saved, the patient corrects it and imports again
    await check('date,type,value,unit\r\n2024-06-10,pulse,72,/min');
    $(el, '[part~="import-button"]')!.click();
    await waitFor(() => text($(el, '.import__result')) === '1 reading saved.' || text($(el, '.import__result')).includes('1 reading'), 'the second import');
    const stored = await adapter.healthTracker.listReadings(PATIENT, {});
    expect(
      stored.map((r) => r.values.map((v) => v.quantity.value).join('/')),
      'one pulse, holding the value the patient last saw (not 27 beside 72)',
    ).to.deep.equal(['72']);
    expect(await storageUsed()).to.deep.equal([]);
  });
});

describe('input survival: care-reminders answers', () => {
  it('"done elsewhere" that fails keeps both fields, says so in an alert, and keeps focus in the form', async () => {
    // Ada, 62, nothing on record: screenings are due (the stories' worklist patient)
    const ada = { patient: ADA, name: 'Ada Lovelace', birthDate: '1961-12-10', sexAtBirth: 'female' as const, entries: [], actions: [] };
    const adapter = createMemoryAdapter({ reminders: { rules: await reminderRules(), records: [ada], now: NOW } });
    const el = await mount<EngageCareReminders>(
      html`<engage-care-reminders as-of="2024-06-15" .adapter=${adapter} .session=${{ patient: ADA, role: 'patient', locale: 'en', now: NOW }}></engage-care-reminders>`,
    );
    const open = await waitFor(() => el.shadowRoot!.querySelector<HTMLButtonElement>('button[data-action="elsewhere"]'), 'a reminder with "done elsewhere"');
    open.click();
    const form = await waitFor(() => $(el, 'form.form'), 'the form');
    const [when, where] = [...form.querySelectorAll<HTMLInputElement>('input')];
    type(when!, '2024-05-02');
    type(where!, 'Walgreens on 5th Street');
    adapter.reminders.loseAnswers(1);
    const save = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    save.focus();
    save.click();
    const alert = await waitFor(() => $$(el, '[role="alert"]').find((a) => text(a) !== ''), 'the failure');
    expect(text(alert)).to.contain('Not saved');
    const kept = [...$(el, 'form.form')!.querySelectorAll<HTMLInputElement>('input')].map((i) => i.value);
    expect(kept).to.deep.equal(['2024-05-02', 'Walgreens on 5th Street']);
    const focused = el.shadowRoot!.activeElement;
    expect(focused?.closest('form.form') !== null && focused !== null, `focus stays in the form (now on ${document.activeElement?.localName})`).to.equal(true);
    expect(await storageUsed()).to.deep.equal([]);
  });
});

describe('input survival: the inbox composer, sending after a patient switch', () => {
  it('a new message sent for the second patient is stored in that patient\'s record, not as a revision of the first patient\'s conversation', async () => {
    const SECOND_PATIENT = 'Patient/story-luis';
    const adapter = messagingAdapter();
    const mountFor = async (patient: string) => {
      const el = await inbox(adapter, patient);
      $(el, '[part~="new-button"]')!.click();
      await waitFor(() => $(el, 'form[part~="new-form"] textarea'), 'the new-message form');
      const select = $<HTMLSelectElement>(el, '#new-recipient')!;
      select.value = 'Practitioner/story-lee';
      select.dispatchEvent(new Event('change'));
      type($<HTMLInputElement>(el, '#new-subject'), 'Cough at night');
      type($<HTMLTextAreaElement>(el, 'form[part~="new-form"] textarea'), 'Coughs at night since the new inhaler.');
      return el;
    };
    const first = await mountFor(MESSAGE_PATIENT);
    adapter.messaging.loseAnswers(1);
    $(first, '[part~="send-button"]')!.click();
    await waitFor(() => $(first, '.form-error'), 'the lost answer');
    first.remove();

    // the same words, typed for her son (the same symptom): a new conversation about him
    const second = await mountFor(SECOND_PATIENT);
    $(second, '[part~="send-button"]')!.click();
    await waitFor(() => !$(second, '#new-subject'), 'the sent state');
    const threadsOf = async (patient: string) =>
      (await adapter.messaging.listThreads({ patient, status: 'all', pageSize: 100 }, {})).items.filter((t) => t.subject === 'Cough at night').length;
    expect([await threadsOf(MESSAGE_PATIENT), await threadsOf(SECOND_PATIENT)], '[María, her son]: one conversation each').to.deep.equal([1, 1]);
  });
});
