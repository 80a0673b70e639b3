/**
 * Story data for <engage-care-reminders> and <engage-care-gap-worklist>: a few made-up patients
 * whose records use the shipped rule set's own codes (rules/preventive-care.json), so each story
 * shows the state it names on the stories' fixed date (2024-06-15). The rule set is fetched
 * beside the stories, like the decision aids, so the adapter's reminder port waits for it.
 */
import { createMemoryAdapter, MemoryCareReminderPort, type MemoryAdapter } from '../../src/adapters/memory/index.js';
import type { CareReminderPort, EngageAdapter, ImmunizationRecord, MessagingPort, ReminderRecord, ReminderRuleSet } from '../../src/adapters/ports.js';
import { EngageError } from '../../src/core/errors.js';
import { whenShown } from './story-wait.js';

export const REMINDER_PATIENT = 'Patient/story-grace';
export const NOTHING_DUE_PATIENT = 'Patient/story-leo';

let rules: Promise<ReminderRuleSet> | undefined;
/** The shipped rule set, fetched once. */
export function reminderRules(): Promise<ReminderRuleSet> {
  rules ??= fetch(new URL('../../rules/preventive-care.json', import.meta.url)).then((r) => r.json() as Promise<ReminderRuleSet>);
  return rules;
}

const SCT = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';

/**
 * Grace, 56: colonoscopy in 2019 (done), mammogram in 2020 (overdue), blood pressure and
 * cholesterol last year (done), HIV test declined, hepatitis C "done elsewhere" waiting for review.
 */
const GRACE: ReminderRecord = {
  patient: REMINDER_PATIENT,
  name: 'Grace Hopper',
  birthDate: '1968-03-04',
  sexAtBirth: 'female',
  entries: [
    { type: 'Procedure', codings: [{ system: SCT, code: '73761001', display: 'Colonoscopy' }], text: 'Colonoscopy', date: '2019-03-04', status: 'completed' },
    { type: 'Procedure', codings: [{ system: SCT, code: '71651007', display: 'Mammography' }], text: 'Mammography', date: '2020-02-11', status: 'completed' },
    { type: 'Observation', codings: [{ system: LOINC, code: '55284-4', display: 'Blood pressure' }], text: 'Blood pressure', date: '2023-11-20', status: 'final' },
    { type: 'Observation', codings: [{ system: LOINC, code: '2093-3', display: 'Cholesterol' }], text: 'Cholesterol', date: '2023-11-20', status: 'final', value: 182 },
  ],
  actions: [
    { ref: 'Flag/story-1', kind: 'declined', ruleId: 'hiv-screening', recorded: '2024-05-02', reason: 'Tested at the health department' },
    { ref: 'Flag/story-2', kind: 'done-elsewhere', ruleId: 'hepatitis-c-screening', recorded: '2024-06-01', performed: '2024-04-18', where: 'Riverside Clinic' },
  ],
};

/** Leo, 9: no adult screening applies yet. */
const LEO: ReminderRecord = { patient: NOTHING_DUE_PATIENT, name: 'Leo Park', birthDate: '2015-01-01', sexAtBirth: 'male', entries: [], actions: [] };

/** More patients for the worklist: due and overdue for different rules. */
const PANEL: ReminderRecord[] = [
  GRACE,
  LEO,
  { patient: 'Patient/story-ada', name: 'Ada Lovelace', birthDate: '1961-12-10', sexAtBirth: 'female', entries: [], actions: [] },
  { patient: 'Patient/story-alan', name: 'Alan Turing', birthDate: '1952-06-23', sexAtBirth: 'male', entries: [], actions: [] },
  { patient: 'Patient/story-rosa', name: 'Rosa Parks', birthDate: '1979-02-04', sexAtBirth: 'female', entries: [], actions: [] },
];

/** Grace's vaccinations: none on record, so the CDSi engine lists the vaccines due at 56. */
const GRACE_VACCINES: ImmunizationRecord = { patient: { ref: REMINDER_PATIENT, name: 'Grace Hopper', birthDate: '1968-03-04', gender: 'female' }, vaccinations: [] };

/**
 * Grace's record with a dose named in words only, no vaccine code (as the US MEDITECH IPS
 * example lists "COVID-19 (J&J)"): the forecast cannot place it, so it cannot tell what is due.
 */
const GRACE_UNREADABLE_DOSE: ImmunizationRecord = {
  ...GRACE_VACCINES,
  vaccinations: [{ id: 'grace-abroad', vaccine: { text: 'COVID-19 (J&J)', codings: [] }, date: '2021-05-04', status: 'given', source: 'historical' }],
};

/**
 * Grace's record as a registry answers when it has no such patient (HL7 v2 QAK-2 `NF`): no
 * doses, and nothing to forecast from, as they may be kept under another name.
 */
const GRACE_NOT_IN_REGISTRY: ImmunizationRecord = { ...GRACE_VACCINES, sourceName: 'State immunization registry', lookup: 'not-found' };

/** A reminder port that waits for the rule set before answering. */
function lazyReminders(make: (rules: ReminderRuleSet) => MemoryCareReminderPort): CareReminderPort {
  const port = reminderRules().then(make);
  return {
    getReminders: async (...a) => (await port).getReminders(...a),
    answer: async (...a) => (await port).answer(...a),
    worklist: async (...a) => (await port).worklist(...a),
    sendReminders: async (...a) => (await port).sendReminders(...a),
  };
}

/** Options of {@link reminderAdapter}. */
export interface ReminderStoryOptions {
  /** Never answer: the loading state. */
  loading?: boolean;
  /** The next answer is applied but lost, as a network loses it: the "save failed" state. */
  loseAnswers?: number;
  /** How sending reminders behaves: forever in progress, or failing for some patients. */
  send?: 'hangs' | 'partly-fails';
  /** Grace's vaccine record holds a dose the forecast cannot read. */
  unreadableDose?: boolean;
  /** The registry has no record for Grace: no forecast can be made. */
  notInRegistry?: boolean;
}

/** Messaging that stops answering after the first patient, or refuses two patients. */
function storyMessaging(real: MessagingPort, send: ReminderStoryOptions['send']): MessagingPort {
  let calls = 0;
  return {
    ...real,
    startThread: (patient, draft, options) => {
      calls++;
      if (send === 'hangs' && calls > 1) return new Promise(() => undefined);
      if (send === 'partly-fails' && (patient === 'Patient/story-alan' || patient === 'Patient/story-rosa')) {
        return Promise.reject(new EngageError('forbidden', 'This patient has not agreed to messages.'));
      }
      return real.startThread(patient, draft, options);
    },
  };
}

/** A fresh memory adapter over the story patients. */
export function reminderAdapter(options: ReminderStoryOptions = {}): EngageAdapter {
  const base: MemoryAdapter = createMemoryAdapter({
    ...(options.loading ? { latencyMs: Infinity } : {}),
    immunizations: { records: [options.notInRegistry ? GRACE_NOT_IN_REGISTRY : options.unreadableDose ? GRACE_UNREADABLE_DOSE : GRACE_VACCINES] },
  });
  const messaging = storyMessaging(base.messaging, options.send);
  const reminders = lazyReminders((rules) => {
    const port = new MemoryCareReminderPort({ rules, records: PANEL, messaging, now: () => new Date(2024, 5, 15, 12) }, options.loading ? { latencyMs: Infinity } : {});
    if (options.loseAnswers) port.ledger.loseAnswers(options.loseAnswers);
    return port;
  });
  return { ...base, reminders };
}

/** The story was left (its element taken off the page), or never reached the state to drive from: nothing more to drive. */
class StoryLeft extends Error {}

/** {@link whenShown}, cutting the drive short (quietly) when the story is left or never gets there. */
async function waitFor<T>(el: Element, check: () => T | undefined | null | false): Promise<T> {
  const found = await whenShown(el, check);
  if (found === undefined) throw new StoryLeft();
  return found;
}

/** Scripted input for states that need it. */
export type ReminderDrive = 'save-failed' | 'evidence' | 'filtered' | 'send-all';

const button = (root: ParentNode, text: string) => [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === text);

/** Drives a story's element into the state it shows. */
export async function driveReminders(el: Element | undefined, drive: ReminderDrive): Promise<void> {
  if (!el) return;
  try {
    await driveInto(el, drive);
  } catch (error) {
    if (!(error instanceof StoryLeft)) throw error;
  }
}

/** The steps of `driveReminders`, which may be cut short when the story is left. */
async function driveInto(el: Element, drive: ReminderDrive): Promise<void> {
  const root = await waitFor(el, () => el.shadowRoot?.querySelector('.list, .nothing-due, .counts') && el.shadowRoot);
  if (drive === 'evidence') {
    for (const details of root.querySelectorAll<HTMLDetailsElement>('details.evidence')) details.open = true;
  } else if (drive === 'save-failed') {
    const item = [...root.querySelectorAll<HTMLElement>('.list > .item')].find((li) => li.querySelector('.item__title')?.textContent?.includes('Breast'));
    if (!item) return;
    button(item, 'I had this done elsewhere')?.click();
    const inputs = await waitFor(el, () => {
      const found = item.querySelectorAll<HTMLInputElement>('.form input');
      return found.length === 2 ? found : undefined;
    });
    const [date, where] = [...inputs];
    date!.value = '2024-03-02';
    date!.dispatchEvent(new Event('input'));
    where!.value = 'Women’s Health Center';
    where!.dispatchEvent(new Event('input'));
    button(item, 'Save')?.click();
  } else {
    // the worklist: one item chosen (colorectal screening), then for "filtered" overdue only, for "send-all" everyone sent a reminder
    const select = root.querySelector<HTMLSelectElement>('.filters select')!;
    select.value = 'colorectal-cancer-screening';
    select.dispatchEvent(new Event('change'));
    await (el as Element & { updateComplete: Promise<unknown> }).updateComplete; // the list reloads for the item
    await waitFor(el, () => root.querySelector('.counts'));
    if (drive === 'filtered') {
      root.querySelector<HTMLInputElement>('.filters input[type="checkbox"]')?.click();
      return;
    }
    const all = await waitFor(el, () => root.querySelector<HTMLInputElement>('.select-all input'));
    all.click();
    await (el as Element & { updateComplete: Promise<unknown> }).updateComplete;
    root.querySelector<HTMLButtonElement>('.send button')?.click();
  }
}
