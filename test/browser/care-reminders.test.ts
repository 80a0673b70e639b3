/**
 * <engage-care-reminders> (#14): the patient's and the clinician's view of what is due, over
 * the memory port and Synthea records from demo/data (statuses per rule are checked
 * independently of the element in test/node/care-reminders.test.mjs); answers through the
 * write protocol (kept input on failure, one record after a lost answer), en + es, axe,
 * keyboard, 320 px and plain wording.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/care-reminders/care-reminders.js';
import type { EngageCareReminders } from '../../src/elements/care-reminders/care-reminders.component.js';
import { createMemoryAdapter, type MemoryAdapter } from '../../src/adapters/memory/index.js';
import { toReminderRecord } from '../../src/adapters/fhir/mapping/reminders.js';
import type { ReminderRecord, ReminderRuleSet, Role } from '../../src/adapters/ports.js';
import { demoData, shadowText, waitFor } from './helpers.js';
import { fleschKincaid } from './readability.mjs';

const JILL = 'Patient/f341c771-5aff-4858-9406-9d45e8a56246';
const ASOF = '2020-06-01';

async function rules(): Promise<ReminderRuleSet> {
  return (await (await fetch('/rules/preventive-care.json')).json()) as ReminderRuleSet;
}

async function jillRecord(): Promise<ReminderRecord> {
  const bundle = await demoData<{ entry: { resource: unknown }[] }>('synthea-jill-tillman-c4b7d178.json');
  return { ...toReminderRecord(bundle.entry.map((e) => e.resource)), patient: JILL };
}

async function render(options: { role?: Role; locale?: string; record?: ReminderRecord; adapter?: MemoryAdapter } = {}) {
  const record = options.record ?? (await jillRecord());
  const adapter = options.adapter ?? createMemoryAdapter({ reminders: { rules: await rules(), records: [record], now: () => new Date(`${ASOF}T12:00:00`) } });
  const el = await mount<EngageCareReminders>(html`<engage-care-reminders
    as-of=${ASOF}
    .adapter=${adapter}
    .session=${{ patient: record.patient, role: options.role ?? 'patient', locale: options.locale ?? 'en' }}
  ></engage-care-reminders>`);
  await waitFor(() => el.shadowRoot!.querySelector('.list, .nothing-due'), 'the reminders');
  return { el, adapter, record };
}

const items = (el: Element) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('.list > .item')];
const itemTitled = (el: Element, title: string) => items(el).find((li) => li.querySelector('.item__title')?.textContent?.trim() === title);
const button = (scope: ParentNode, text: string) =>
  [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === text);

describe('<engage-care-reminders>', () => {
  it('shows the patient what is due, overdue first, in words, with why and the date it became due', async () => {
    const { el } = await render();
    const breast = itemTitled(el, 'Breast cancer screening (mammogram)')!;
    expect(breast.querySelector('.status')!.textContent).to.equal('Overdue since May 18, 2011'); // her 40th birthday
    expect(breast.querySelector('.why')!.textContent).to.equal('Recommended every 2 years for women 40 to 74.');
    const statuses = items(el).map((li) => li.className.match(/item--([a-z-]+)/)![1]);
    expect(statuses.indexOf('done')).to.be.greaterThan(statuses.lastIndexOf('overdue'));
    // "Does not apply" items are for clinicians only.
    expect(shadowText(el)).not.to.contain('Does not apply');
    const cholesterol = itemTitled(el, 'Cholesterol check (heart risk)')!;
    expect(cholesterol.querySelector('.status')!.textContent).to.equal('Done on February 25, 2020');
    expect(cholesterol.querySelector('.last')!.textContent).to.equal('Last done: February 25, 2020 (Cholesterol test)');
    expect(shadowText(el)).to.contain('not clinically reviewed');
    await expect(el).to.be.accessible();
  });

  it('offers the decision aid and the next steps as events', async () => {
    const { el } = await render();
    const colorectal = itemTitled(el, 'Colorectal cancer screening')!;
    const seen: string[] = [];
    for (const type of ['engage-reminder-schedule', 'engage-reminder-open-aid', 'engage-reminder-learn-more'] as const) {
      el.addEventListener(type, (e) => seen.push(`${type}:${e.detail.reminder.ruleId}:${e.detail.aid ?? ''}`));
    }
    button(colorectal, 'Schedule')!.click();
    button(colorectal, 'Help me decide')!.click();
    button(colorectal, 'Learn more')!.click();
    expect(seen).to.deep.equal([
      'engage-reminder-schedule:colorectal-cancer-screening:',
      'engage-reminder-open-aid:colorectal-cancer-screening:colorectal-cancer-screening',
      'engage-reminder-learn-more:colorectal-cancer-screening:',
    ]);
  });

  it('"I had this done elsewhere": keeps what was typed when the answer is lost, then stores ONE record on retry', async () => {
    const { el, adapter } = await render();
    const item = () => itemTitled(el, 'Colorectal cancer screening')!;
    button(item(), 'I had this done elsewhere')!.click();
    await el.updateComplete;
    const [date, where] = [...item().querySelectorAll<HTMLInputElement>('.form input')];
    await waitFor(() => el.shadowRoot!.activeElement === date, 'focus in the date field');
    date!.value = '2019-11-02';
    date!.dispatchEvent(new Event('input'));
    where!.value = 'Riverside Clinic';
    where!.dispatchEvent(new Event('input'));
    adapter.reminders.ledger.loseAnswers(1); // applied, but the answer never comes
    button(item(), 'Save')!.click();
    await waitFor(() => item().querySelector('[role="alert"]'), 'the failure');
    expect(item().querySelector('[role="alert"]')!.textContent).to.contain('Not saved.');
    const kept = [...item().querySelectorAll<HTMLInputElement>('.form input')].map((i) => i.value);
    expect(kept).to.deep.equal(['2019-11-02', 'Riverside Clinic']);
    const answered = new Promise<CustomEvent>((resolve) => el.addEventListener('engage-reminder-answer', resolve, { once: true }));
    button(item(), 'Save')!.click();
    await answered;
    await waitFor(() => item()?.classList.contains('item--done-elsewhere-pending'), 'the pending status');
    expect(item().querySelector('.status')!.textContent).to.equal('Done somewhere else. Your care team will check it.');
    expect(item().textContent).to.contain('You told us: November 2, 2019, Riverside Clinic');
    const list = await adapter.reminders.getReminders(JILL, ASOF);
    expect(list.reminders.filter((r) => r.action?.kind === 'done-elsewhere')).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('"Remind me later" moves the item to a later date', async () => {
    const { el } = await render();
    const item = () => itemTitled(el, 'HIV test')!;
    button(item(), 'Remind me later')!.click();
    await waitFor(() => item()?.classList.contains('item--due-later'), 'the snoozed item');
    expect(item().querySelector('.status')!.textContent).to.equal('Due on July 1, 2020');
  });

  it('clinician: evidence, not-applicable items, and "declined" with a reason', async () => {
    const { el } = await render({ role: 'clinician' });
    expect(el.shadowRoot!.querySelector('.title')!.textContent).to.equal('Care reminders');
    const cholesterol = itemTitled(el, 'Cholesterol check (heart risk)')!;
    const evidence = cholesterol.querySelector('.evidence')!;
    expect(evidence.textContent).to.contain('meets the rule');
    expect(evidence.textContent).to.contain('U.S. Preventive Services Task Force');
    // the look-back the USPSTF statement does not state is cited to where it comes from
    const interval = (await rules()).rules.find((r) => r.id === 'cholesterol-statin-assessment')!.intervalSource!;
    expect(evidence.textContent!.replace(/\s+/g, ' ')).to.contain(`Interval from: ${interval.organisation}, ${interval.topic} (${interval.year})`);
    expect(itemTitled(el, 'HIV test')!.querySelector('.evidence')!.textContent).not.to.contain('Interval from');
    expect(shadowText(el)).to.match(/Not applicable \(\d+\)/);
    const hiv = () => itemTitled(el, 'HIV test')!;
    button(hiv(), 'Declined')!.click();
    await el.updateComplete;
    const reason = hiv().querySelector<HTMLInputElement>('.form input')!;
    reason.value = 'Tested at the health department';
    reason.dispatchEvent(new Event('input'));
    button(hiv(), 'Save')!.click();
    await waitFor(() => hiv()?.classList.contains('item--declined'), 'the declined item');
    expect(hiv().querySelector('.evidence')!.textContent).to.contain('Reason: Tested at the health department');
    await expect(el).to.be.accessible();
  });

  it('clamps heading-level to 1–6, and reads a value that is not a number as the default 2', async () => {
    const { el } = await render();
    const title = el.shadowRoot!.querySelector('.title')!;
    for (const [value, level] of [['abc', '2'], ['9', '6'], ['0', '1'], ['3.4', '3'], ['4', '4']]) {
      el.setAttribute('heading-level', value!);
      await el.updateComplete;
      expect(title.getAttribute('aria-level'), `heading-level="${value}"`).to.equal(level);
      expect(el.shadowRoot!.querySelector('.item__title')!.getAttribute('aria-level'), `an item's heading under heading-level="${value}"`).to.equal(String(Math.min(6, Number(level) + 1)));
    }
  });

  it('says when nothing is due', async () => {
    const record: ReminderRecord = { patient: 'Patient/kid', birthDate: '2015-01-01', sexAtBirth: 'male', entries: [], actions: [] };
    const { el } = await render({ record });
    expect(shadowText(el)).to.contain('Nothing is due right now.');
    await expect(el).to.be.accessible();
  });

  it('speaks Spanish', async () => {
    const { el } = await render({ locale: 'es' });
    await waitFor(() => el.shadowRoot!.querySelector('.title')?.textContent === 'Lo que le toca', 'the Spanish title');
    const breast = itemTitled(el, 'Detección del cáncer de mama (mamografía)')!;
    expect(breast.querySelector('.status')!.textContent).to.match(/^Atrasado desde el 18 de mayo de 2011$/);
    expect(button(breast, 'Me lo hice en otro lugar')).to.exist;
  });

  it('reflows at 320 px and speaks plainly to patients (grade 8 or below)', async () => {
    const { el } = await render();
    el.style.width = '320px';
    await el.updateComplete;
    const base = el.shadowRoot!.querySelector<HTMLElement>('.reminders')!;
    expect(base.scrollWidth).to.be.at.most(base.clientWidth);
    const sentences = new Set<string>();
    for (const li of items(el)) for (const p of li.querySelectorAll('.status, .why')) sentences.add(p.textContent!.trim());
    const grade = fleschKincaid([...sentences].map((s) => s.replace(/\S*\d\S*/g, ' ')));
    expect(grade.grade, [...sentences].join(' | ')).to.be.at.most(8);
  });
});
