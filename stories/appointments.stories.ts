import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/appointments/appointments.js';
import { createMemoryAdapter } from '../src/adapters/memory/index.js';
import type { EngageAdapter } from '../src/adapters/ports.js';
import { inProvider, type ProviderArgs } from './decorators.js';
import { APPOINTMENT_PATIENT, insideWindowData, schedulingData } from './data/appointments.js';

type Args = ProviderArgs & { makeAdapter?: () => EngageAdapter; 'weeks-ahead'?: number };

const fresh = (scheduling = schedulingData()) => () => createMemoryAdapter({ scheduling });

const meta: Meta<Args> = {
  title: 'Elements/Appointments',
  component: 'engage-appointments',
  tags: ['autodocs'],
  args: { patient: APPOINTMENT_PATIENT, 'user-role': 'patient', 'weeks-ahead': 2 },
  argTypes: {
    adapter: { control: false },
    makeAdapter: { control: false },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  render: (args) =>
    inProvider(
      { ...args, adapter: args.adapter ?? (args.makeAdapter ?? fresh())() },
      html`<engage-appointments weeks-ahead=${args['weeks-ahead'] ?? 2}></engage-appointments>`,
    ),
};
export default meta;

type Story = StoryObj<Args>;

/** Upcoming and past visits: a booked checkup, times the clinic offered for a request, a past and a cancelled visit. */
export const UpcomingAndPast: Story = {};

/** No visits yet: an invitation to book. */
export const NoVisits: Story = { args: { makeAdapter: fresh(schedulingData(false)) } };

/** A visit tomorrow, inside the clinic's 48-hour window: the patient is asked to call. */
export const CancelInsideWindow: Story = { args: { makeAdapter: fresh(insideWindowData()) } };

/** Waiting for the server. */
export const Loading: Story = { args: { makeAdapter: () => createMemoryAdapter({ scheduling: schedulingData(), latencyMs: Infinity }) } };

/** The visits could not be loaded. */
export const LoadFailed: Story = { args: { makeAdapter: () => createMemoryAdapter({ scheduling: schedulingData(), failWith: 'network' }) } };

/** In Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };

/** On a phone-sized screen (320 px). */
export const Narrow: Story = { args: { width: 320 } };
