/**
 * <engage-care-gap-worklist> (#14): counts per rule, filters, selection and sending
 * reminders through the memory messaging port (they land in each patient's inbox, once),
 * with progress and per-patient failures; axe and 320 px.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/care-gap-worklist/care-gap-worklist.js';
import type { EngageCareGapWorklist, RemindersSentDetail } from '../../src/elements/care-gap-worklist/care-gap-worklist.component.js';
import { createMemoryAdapter, MemoryCareReminderPort, type MemoryAdapter } from '../../src/adapters/memory/index.js';
import { toReminderRecord } from '../../src/adapters/fhir/mapping/reminders.js';
import type { MessagingPort, ReminderRecord, ReminderRuleSet } from '../../src/adapters/ports.js';
import { EngageError } from '../../src/core/errors.js';
import { demoData, shadowText, waitFor } from './helpers.js';

const ASOF = '2026-12-01';
const FILES = ['synthea-jill-tillman-c4b7d178.json', 'synthea-buster-hoeger-ad2e3fc5.json', 'synthea-kermit-trantow-f1a650a5.json', 'synthea-carla-echevarria-9a628ccd.json'];

async function setup(): Promise<{ rules: ReminderRuleSet; records: ReminderRecord[] }> {
  const rules = (await (await fetch('/rules/preventive-care.json')).json()) as ReminderRuleSet;
  const records = await Promise.all(
    FILES.map(async (f) => toReminderRecord((await demoData<{ entry: { resource: unknown }[] }>(f)).entry.map((e) => e.resource))),
  );
  return { rules, records };
}

async function render(adapter: MemoryAdapter | { reminders: MemoryCareReminderPort }) {
  const el = await mount<EngageCareGapWorklist>(html`<engage-care-gap-worklist as-of=${ASOF} .adapter=${adapter} .session=${{ role: 'clinician', locale: 'en' }}></engage-care-gap-worklist>`);
  await waitFor(() => el.shadowRoot!.querySelector('.counts'), 'the worklist');
  return el;
}

async function chooseRule(el: EngageCareGapWorklist, ruleId: string) {
  const select = el.shadowRoot!.querySelector('select')!;
  select.value = ruleId;
  select.dispatchEvent(new Event('change'));
  await el.updateComplete; // the load task starts; the list is replaced once it completes
  await waitFor(() => el.shadowRoot!.querySelector('.counts'), 'the filtered list');
}

async function selectAllAndSend(el: EngageCareGapWorklist) {
  const all = el.shadowRoot!.querySelector<HTMLInputElement>('.select-all input')!;
  all.click();
  await el.updateComplete;
  const send = el.shadowRoot!.querySelector<HTMLButtonElement>('.send button')!;
  expect(send.disabled).to.equal(false);
  const sent = new Promise<CustomEvent<RemindersSentDetail>>((resolve) => el.addEventListener('engage-reminders-sent', resolve, { once: true }));
  send.click();
  return (await sent).detail;
}

describe('<engage-care-gap-worklist>', () => {
  it('counts patients due per rule and lists them; filters by rule, overdue and age', async () => {
    const { rules, records } = await setup();
    const adapter = createMemoryAdapter({ reminders: { rules, records } });
    const el = await render(adapter);
    // Counts equal what the port says for each patient, counted here.
    let overdueHiv = 0;
    for (const r of records) {
      const list = await adapter.reminders.getReminders(r.patient, ASOF);
      if (list.reminders.find((x) => x.id === 'hiv-screening')?.status === 'overdue') overdueHiv++;
    }
    const row = [...el.shadowRoot!.querySelectorAll('.counts tbody tr')].find((tr) => tr.querySelector('th')!.textContent === 'HIV test')!;
    expect(row.querySelectorAll('td')[1]!.textContent).to.equal(String(overdueHiv));
    await chooseRule(el, 'colorectal-cancer-screening');
    expect([...el.shadowRoot!.querySelectorAll('.row .name')].map((n) => n.textContent)).to.deep.equal(['Jill Tillman']);
    await expect(el).to.be.accessible();
  });

  it('sends reminders with progress; they land once in each patient’s inbox and count as reminded this month', async () => {
    const { rules, records } = await setup();
    const adapter = createMemoryAdapter({ reminders: { rules, records } });
    const el = await render(adapter);
    await chooseRule(el, 'hiv-screening');
    const rows = el.shadowRoot!.querySelectorAll('.row').length;
    expect(rows).to.be.greaterThan(0);
    const detail = await selectAllAndSend(el);
    expect(detail.results.every((r) => r.ok)).to.equal(true);
    await waitFor(() => shadowText(el).includes(`Patients reminded this month: ${rows}`), 'the reminded count');
    expect(shadowText(el)).to.contain(`${rows} of ${rows} sent`);
    for (const r of detail.results) {
      const inbox = await adapter.messaging.listThreads({ patient: r.patient, status: 'all' });
      expect(inbox.items.filter((t) => t.subject === 'HIV test')).to.have.length(1);
    }
    await expect(el).to.be.accessible();
  });

  it('a second press while reminders are going out sends nothing more (two clicks before the button updates)', async () => {
    const { rules, records } = await setup();
    const adapter = createMemoryAdapter({ reminders: { rules, records } });
    let calls = 0;
    const reminders = Object.assign(Object.create(adapter.reminders) as MemoryCareReminderPort, {
      sendReminders: (...args: Parameters<MemoryCareReminderPort['sendReminders']>) => {
        calls++;
        return adapter.reminders.sendReminders(...args);
      },
    });
    const el = await render({ ...adapter, reminders });
    await chooseRule(el, 'hiv-screening');
    el.shadowRoot!.querySelector<HTMLInputElement>('.select-all input')!.click();
    await el.updateComplete;
    const send = el.shadowRoot!.querySelector<HTMLButtonElement>('.send button')!;
    const sent = new Promise((resolve) => el.addEventListener('engage-reminders-sent', resolve, { once: true }));
    send.click();
    send.click(); // same task: the button has not re-rendered as disabled yet
    await sent;
    expect(calls, 'one send of the selected patients').to.equal(1);
  });

  it('reports the patients whose reminder failed', async () => {
    const { rules, records } = await setup();
    const base = createMemoryAdapter({ reminders: { rules, records } });
    const failing = records[1]!.patient;
    const messaging = {
      startThread: (patient, draft, options) =>
        patient === failing ? Promise.reject(new EngageError('forbidden', 'No.')) : base.messaging.startThread(patient, draft, options),
    } as MessagingPort;
    const el = await render({ reminders: new MemoryCareReminderPort({ rules, records, messaging }) });
    await chooseRule(el, 'hiv-screening');
    const detail = await selectAllAndSend(el);
    expect(detail.results.filter((r) => !r.ok).map((r) => r.patient)).to.deep.equal([failing]);
    await waitFor(() => el.shadowRoot!.querySelector('.failures'), 'the failures');
    expect(el.shadowRoot!.querySelector('.failures')!.textContent).to.contain('Not sent to 1 patients:');
    expect(el.shadowRoot!.querySelector('.failures')!.textContent).to.contain('Buster');
    el.style.width = '320px';
    await el.updateComplete;
    const box = el.shadowRoot!.querySelector<HTMLElement>('.worklist')!;
    expect(box.scrollWidth).to.be.at.most(box.clientWidth);
    await expect(el).to.be.accessible();
  });
});
