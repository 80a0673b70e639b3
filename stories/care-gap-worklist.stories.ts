import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/care-gap-worklist/care-gap-worklist.js';
import type { EngageAdapter } from '../src/adapters/ports.js';
import { inProvider, type ProviderArgs } from './decorators.js';
import { driveReminders, reminderAdapter, type ReminderDrive } from './data/reminders.js';

type Args = ProviderArgs & {
  /** Builds a fresh adapter for each render. */
  makeAdapter?: () => EngageAdapter;
  /** Scripted input for states that need it. */
  drive?: ReminderDrive;
  'as-of'?: string;
};

const meta: Meta<Args> = {
  title: 'Elements/Care-gap worklist',
  component: 'engage-care-gap-worklist',
  tags: ['autodocs'],
  args: { 'user-role': 'clinician', 'as-of': '2024-06-15' },
  argTypes: {
    adapter: { control: false },
    makeAdapter: { control: false },
    drive: { control: false },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  render: (args) =>
    inProvider(
      { ...args, adapter: args.adapter ?? (args.makeAdapter ?? (() => reminderAdapter()))() },
      html`<engage-care-gap-worklist as-of=${args['as-of'] ?? '2024-06-15'} ${ref((el) => void (args.drive && driveReminders(el, args.drive)))}></engage-care-gap-worklist>`,
    ),
};
export default meta;

type Story = StoryObj<Args>;

/** Waiting for the panel. */
export const Loading: Story = { args: { makeAdapter: () => reminderAdapter({ loading: true }) } };

/** Every patient of the panel who is due, with the counts per item. */
export const WorklistWithCounts: Story = {};

/** Filtered: colorectal cancer screening, overdue only. */
export const Filtered: Story = { args: { drive: 'filtered' } };

/** Sending reminders about colorectal screening: one sent, the rest in progress. */
export const Sending: Story = { args: { drive: 'send-all', makeAdapter: () => reminderAdapter({ send: 'hangs' }) } };

/** Sending finished, two patients could not be reached: they stay selected for a retry. */
export const PartlyFailed: Story = { args: { drive: 'send-all', makeAdapter: () => reminderAdapter({ send: 'partly-fails' }) } };

/** Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };

/** Reflow at 320 px. */
export const Narrow: Story = { args: { width: 320 } };
