/**
 * <engage-care-reminders>, keyboard only (issue #19 rule, #14): after every answer the control
 * that had focus disappears (the form closes, the item's buttons change with its status,
 * "Ordered" turns disabled) and the item may move in the list. Focus must land on the item's
 * heading, never fall to <body>; "Cancel" returns it to the button that opened the form.
 * Jill Tillman's Synthea record (demo/data) on 2020-06-01, over the memory adapter.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/care-reminders/care-reminders.js';
import type { EngageCareReminders } from '../../src/elements/care-reminders/care-reminders.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { toReminderRecord } from '../../src/adapters/fhir/mapping/reminders.js';
import type { ReminderRuleSet, Role } from '../../src/adapters/ports.js';
import { demoData, waitFor } from './helpers.js';

const JILL = 'Patient/f341c771-5aff-4858-9406-9d45e8a56246';
const ASOF = '2020-06-01';

async function render(role: Role): Promise<EngageCareReminders> {
  const rules = (await (await fetch('/rules/preventive-care.json')).json()) as ReminderRuleSet;
  const bundle = await demoData<{ entry: { resource: unknown }[] }>('synthea-jill-tillman-c4b7d178.json');
  const record = { ...toReminderRecord(bundle.entry.map((e) => e.resource)), patient: JILL };
  const adapter = createMemoryAdapter({ reminders: { rules, records: [record], now: () => new Date(`${ASOF}T12:00:00`) } });
  const el = await mount<EngageCareReminders>(
    html`<engage-care-reminders as-of=${ASOF} .adapter=${adapter} .session=${{ patient: JILL, role, locale: 'en' }}></engage-care-reminders>`,
  );
  await waitFor(() => el.shadowRoot!.querySelector('.list'), 'the reminders');
  return el;
}

/** The element that really has focus, looking through every open shadow root on the way. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

const itemTitled = (el: Element, title: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLElement>('.list > .item')].find((li) => li.querySelector('.item__title')?.textContent?.trim() === title);
const button = (scope: ParentNode, text: string) => [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === text);

/** Tabs from the element's start until `target` has focus (keyboard only; fails after 80 stops). */
async function tabTo(el: EngageCareReminders, target: () => Element | undefined): Promise<void> {
  el.shadowRoot!.querySelector<HTMLElement>('.title')!.setAttribute('tabindex', '-1');
  el.shadowRoot!.querySelector<HTMLElement>('.title')!.focus();
  for (let i = 0; i < 80; i++) {
    if (deepActiveElement() && deepActiveElement() === target()) return;
    await sendKeys({ press: 'Tab' });
  }
  throw new Error('Tab never reached the control');
}

/** Focus is on the heading of the item titled `title` (wherever the item went). */
async function focusIsOnHeading(el: EngageCareReminders, title: string, status: string): Promise<void> {
  await waitFor(() => itemTitled(el, title)?.classList.contains(`item--${status}`), `${title}: ${status}`);
  await el.updateComplete;
  await waitFor(() => deepActiveElement()?.classList.contains('item__title'), 'focus on a heading');
  expect(deepActiveElement()).to.equal(itemTitled(el, title)!.querySelector('.item__title'));
}

describe('<engage-care-reminders>: focus after an answer, keyboard only', () => {
  it('patient, "I had this done elsewhere" → Save: focus on the item heading', async () => {
    const el = await render('patient');
    const title = 'Colorectal cancer screening';
    await tabTo(el, () => button(itemTitled(el, title)!, 'I had this done elsewhere'));
    await sendKeys({ press: 'Enter' });
    await waitFor(() => deepActiveElement()?.matches('input[type="date"]'), 'focus in the date field');
    await sendKeys({ type: '11022019' });
    await tabTo(el, () => itemTitled(el, title)!.querySelector('.form input[type="text"]') ?? undefined);
    await sendKeys({ type: 'Riverside Clinic' });
    const typed = [...itemTitled(el, title)!.querySelectorAll<HTMLInputElement>('.form input')].map((i) => i.value);
    expect(typed).to.deep.equal(['2019-11-02', 'Riverside Clinic']);
    await sendKeys({ press: 'Enter' });
    await focusIsOnHeading(el, title, 'done-elsewhere-pending');
  });

  it('patient, "Remind me later": focus on the item heading', async () => {
    const el = await render('patient');
    const title = 'HIV test';
    await tabTo(el, () => button(itemTitled(el, title)!, 'Remind me later'));
    await sendKeys({ press: 'Enter' });
    await focusIsOnHeading(el, title, 'due-later');
  });

  for (const [action, status] of [['Declined', 'declined'], ['Not applicable', 'not-applicable']] as const) {
    it(`clinician, "${action}" with a reason → Save: focus on the item heading`, async () => {
      const el = await render('clinician');
      const title = 'HIV test';
      await tabTo(el, () => button(itemTitled(el, title)!, action));
      await sendKeys({ press: 'Enter' });
      await waitFor(() => deepActiveElement()?.matches('.form input'), 'focus in the reason field');
      await sendKeys({ type: 'Tested at the health department' });
      await sendKeys({ press: 'Enter' });
      if (status === 'not-applicable') {
        // a not-applicable item moves into the collapsed "Not applicable" group: its heading is there
        await waitFor(() => deepActiveElement()?.classList.contains('item__title'), 'focus on a heading');
        expect(deepActiveElement()!.textContent!.trim()).to.equal(title);
        expect(deepActiveElement()!.closest('.item')!.classList.contains('item--not-applicable')).to.equal(true);
      } else {
        await focusIsOnHeading(el, title, status);
      }
    });
  }

  it('clinician, "Ordered": the button turns disabled, focus on the item heading', async () => {
    const el = await render('clinician');
    const title = 'HIV test';
    await tabTo(el, () => button(itemTitled(el, title)!, 'Ordered'));
    await sendKeys({ press: 'Enter' });
    await waitFor(() => button(itemTitled(el, title)!, 'Ordered')?.disabled, 'the disabled button');
    await waitFor(() => deepActiveElement()?.classList.contains('item__title'), 'focus on a heading');
    expect(deepActiveElement()).to.equal(itemTitled(el, title)!.querySelector('.item__title'));
  });

  it('"Cancel" closes the form and returns focus to the button that opened it', async () => {
    const el = await render('patient');
    const title = 'Colorectal cancer screening';
    await tabTo(el, () => button(itemTitled(el, title)!, 'I had this done elsewhere'));
    await sendKeys({ press: 'Enter' });
    await waitFor(() => deepActiveElement()?.matches('input[type="date"]'), 'focus in the date field');
    await tabTo(el, () => button(itemTitled(el, title)!, 'Cancel'));
    await sendKeys({ press: 'Enter' });
    await waitFor(() => !itemTitled(el, title)!.querySelector('.form'), 'the form closed');
    await waitFor(() => deepActiveElement() === button(itemTitled(el, title)!, 'I had this done elsewhere'), 'focus back on the opener');
  });
});
