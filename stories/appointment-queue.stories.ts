import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/appointment-queue/appointment-queue.js';
import { createMemoryAdapter } from '../src/adapters/memory/index.js';
import type { EngageAdapter } from '../src/adapters/ports.js';
import { dateIn } from '../src/core/zoned-time.js';
import { inProvider, STORY_NOW, type ProviderArgs } from './decorators.js';
import { queueData, schedulingData, typelessQueueData } from './data/appointments.js';

type Args = ProviderArgs & { makeAdapter?: () => EngageAdapter; clinician?: string; date?: string; 'time-zone'?: string };

const meta: Meta<Args> = {
  title: 'Elements/Appointment queue',
  component: 'engage-appointment-queue',
  tags: ['autodocs'],
  args: { 'user-role': 'clinician', patient: '' },
  argTypes: {
    adapter: { control: false },
    makeAdapter: { control: false },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  render: (args) =>
    inProvider(
      { ...args, adapter: args.adapter ?? (args.makeAdapter ?? (() => createMemoryAdapter({ scheduling: queueData() })))() },
      html`<engage-appointment-queue clinician=${args.clinician ?? ''} date=${args.date ?? ''} time-zone=${ifDefined(args['time-zone'])}></engage-appointment-queue>`,
    ),
};
export default meta;

type Story = StoryObj<Args>;

/** Two patients' requests waiting, with their preferred days, times and notes. */
export const QueueWithRequests: Story = {};

/** Bo Chen's request names no visit type: the clinic chooses one to see its open times. */
export const RequestWithoutVisitType: Story = { args: { makeAdapter: () => createMemoryAdapter({ scheduling: typelessQueueData() }) } };

/** Nothing waiting. */
export const EmptyQueue: Story = { args: { makeAdapter: () => createMemoryAdapter({ scheduling: schedulingData(false) }) } };

/** Dr. Lee's day at the Boston clinic (the patient's booked checkup is three days after the stories' clock). */
export const DayList: Story = {
  args: {
    makeAdapter: () => createMemoryAdapter({ scheduling: schedulingData() }),
    clinician: 'Practitioner/story-ana',
    'time-zone': 'America/New_York',
    date: (() => {
      const today = dateIn(STORY_NOW(), 'America/New_York');
      const [y, m, d] = today.split('-').map(Number) as [number, number, number];
      return new Date(Date.UTC(y, m - 1, d + 3)).toISOString().slice(0, 10);
    })(),
  },
};

/** In Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };

/** On a phone-sized screen (320 px). */
export const Narrow: Story = { args: { width: 320 } };
