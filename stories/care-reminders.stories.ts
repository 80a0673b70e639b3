import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/care-reminders/care-reminders.js';
import type { EngageAdapter } from '../src/adapters/ports.js';
import { inProvider, type ProviderArgs } from './decorators.js';
import { NOTHING_DUE_PATIENT, REMINDER_PATIENT, driveReminders, reminderAdapter, type ReminderDrive } from './data/reminders.js';

type Args = ProviderArgs & {
  /** Builds a fresh adapter for each render. */
  makeAdapter?: () => EngageAdapter;
  /** Scripted input for states that need it. */
  drive?: ReminderDrive;
  'as-of'?: string;
};

const meta: Meta<Args> = {
  title: 'Elements/Care reminders',
  component: 'engage-care-reminders',
  tags: ['autodocs'],
  args: { patient: REMINDER_PATIENT, 'user-role': 'patient', 'as-of': '2024-06-15' },
  argTypes: {
    adapter: { control: false },
    makeAdapter: { control: false },
    drive: { control: false },
    'user-role': { control: 'inline-radio', options: ['patient', 'caregiver', 'clinician'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  render: (args) =>
    inProvider(
      { ...args, adapter: args.adapter ?? (args.makeAdapter ?? (() => reminderAdapter()))() },
      html`<engage-care-reminders as-of=${args['as-of'] ?? '2024-06-15'} ${ref((el) => void (args.drive && driveReminders(el, args.drive)))}></engage-care-reminders>`,
    ),
};
export default meta;

type Story = StoryObj<Args>;

/** Waiting for the record. */
export const Loading: Story = { args: { makeAdapter: () => reminderAdapter({ loading: true }) } };

/** A 9-year-old: no adult screening applies yet, nothing is due. */
export const NothingDue: Story = { args: { patient: NOTHING_DUE_PATIENT } };

/**
 * Overdue (mammogram, vaccines), due now, done (colonoscopy, blood pressure, cholesterol),
 * declined (HIV test) and "done elsewhere" waiting for the clinic's review (hepatitis C), in that order.
 */
export const DueOverdueDoneDeclined: Story = {};

/** "I had this done elsewhere": the save failed, what was typed is still in the form with the reason. */
export const SaveFailed: Story = { args: { drive: 'save-failed', makeAdapter: () => reminderAdapter({ loseAnswers: 1 }) } };

/** The clinician view with the evidence open: which records met each rule, the source, and the marks. */
export const ClinicianWithEvidence: Story = { args: { 'user-role': 'clinician', drive: 'evidence' } };

/** A vaccine dose on record the forecast cannot read: one item asks to check the vaccine record, with no dates. */
export const VaccineRecordToCheck: Story = { args: { makeAdapter: () => reminderAdapter({ unreadableDose: true }) } };

/**
 * The state registry has no record for the patient: no forecast can be made, so no vaccine is
 * listed as due; one item says why and asks for a check of the vaccine record.
 */
export const VaccineRecordNotMatched: Story = { args: { makeAdapter: () => reminderAdapter({ notInRegistry: true }) } };

/** Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };

/** Reflow at 320 px. */
export const Narrow: Story = { args: { width: 320 } };
