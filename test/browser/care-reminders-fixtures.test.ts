/**
 * <engage-care-reminders> for every Synthea and US Core fixture patient (#14): what the
 * element shows a clinician for each rule, its status and its date, is what
 * reminders-expected.mjs computes from the raw bundle without the code under test. Run at
 * UTC+14 and UTC−11, where most clock times fall on different calendar days: a date-only
 * record or due date must never move by a day.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/care-reminders/care-reminders.js';
import type { EngageCareReminders } from '../../src/elements/care-reminders/care-reminders.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { toReminderRecord } from '../../src/adapters/fhir/mapping/reminders.js';
import type { ReminderRuleSet } from '../../src/adapters/ports.js';
import { setTimeZone, waitFor } from './helpers.js';
import { REMINDER_FIXTURES, expectedReminders, type ExpectedReminder } from './reminders-expected.mjs';

/** A calendar day in long English words, by Intl directly (not the library's formatter). */
const longDay = (day: string) => new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

/** The clinician's status words for an expected item (docs/care-reminders.md). */
function statusWords(item: ExpectedReminder): string {
  switch (item.status) {
    case 'overdue':
      return `Overdue since ${longDay(item.dueDate!)}`;
    case 'due-now':
      return 'Due now';
    case 'due-later':
      return `Due on ${longDay(item.dueDate!)}`;
    case 'done':
      return `Done on ${longDay(item.lastDone!)}`;
    default:
      return 'Not applicable';
  }
}

const homeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
  describe(`<engage-care-reminders> for every fixture patient, in ${zone}`, () => {
    let rules: ReminderRuleSet;
    before(async () => {
      rules = (await (await fetch('/rules/preventive-care.json')).json()) as ReminderRuleSet;
      await setTimeZone(zone);
    });
    after(() => setTimeZone(homeZone));

    for (const [file, dates] of REMINDER_FIXTURES) {
      for (const asOf of dates) {
        it(`${file.split('/').pop()} as of ${asOf}`, async () => {
          const bundle = (await (await fetch(`/${file}`)).json()) as { entry: { resource: Record<string, unknown> }[] };
          const resources = bundle.entry.map((e) => e.resource);
          const expected = Object.values(expectedReminders(rules, resources, asOf));
          const record = toReminderRecord(resources);
          const adapter = createMemoryAdapter({ reminders: { rules, records: [record] } });
          const el = await mount<EngageCareReminders>(html`<engage-care-reminders
            as-of=${asOf}
            .adapter=${adapter}
            .session=${{ patient: record.patient, role: 'clinician', locale: 'en' }}
          ></engage-care-reminders>`);
          await waitFor(() => el.shadowRoot!.querySelector('.list, .nothing-due'), 'the reminders');
          const shown = [...el.shadowRoot!.querySelectorAll<HTMLElement>('li.item')].map((li) => ({
            title: li.querySelector('.item__title')!.textContent!.trim(),
            status: [...li.classList].find((c) => c.startsWith('item--'))!.slice('item--'.length),
            words: li.querySelector('.status')!.textContent!.replace(/\s+/g, ' ').trim(),
          }));
          const byTitle = (a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title);
          expect(shown.sort(byTitle)).to.deep.equal(
            expected.map((item) => ({ title: item.title, status: item.status, words: statusWords(item) })).sort(byTitle),
          );
        });
      }
    }
  });
}
