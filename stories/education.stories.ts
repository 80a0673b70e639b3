import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/education/education.js';
import { createMemoryAdapter } from '../src/adapters/memory/index.js';
import type { AssignedMaterial } from '../src/adapters/ports.js';
import { inProvider, STORY_NOW, type ProviderArgs } from './decorators.js';

type Args = ProviderArgs & { headingLevel?: number };

const PATIENT = 'Patient/demo';
const materials: AssignedMaterial[] = [
  { id: 'a', patient: PATIENT, title: 'Walking plan', url: 'https://example.org/demo/walking', reason: 'For your blood pressure', assignedBy: 'Dr. Ana Ruiz', assigned: '2024-06-01T10:00:00Z' },
  { id: 'b', patient: PATIENT, title: 'Inhaler steps', attachment: { contentType: 'application/pdf', url: 'https://example.org/demo/inhaler.pdf' }, assigned: '2024-06-10T10:00:00Z', readAt: '2024-06-11T08:00:00Z' },
  { id: 'c', patient: 'Patient/other', title: 'Healthy eating', url: 'https://example.org/demo/eating', assigned: '2024-06-05T10:00:00Z' },
];
const adapter = createMemoryAdapter({ education: { materials, assignedBy: 'Dr. Ana Ruiz', now: STORY_NOW } });

const meta: Meta<Args> = {
  title: 'Elements/Education',
  component: 'engage-education',
  tags: ['autodocs'],
  args: { adapter, patient: PATIENT, 'user-role': 'patient', headingLevel: 2 },
  argTypes: {
    adapter: { control: false },
    'user-role': { control: 'inline-radio', options: ['patient', 'caregiver', 'clinician'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  render: (args) => inProvider(args, html`<engage-education heading-level=${args.headingLevel ?? 2}></engage-education>`),
};
export default meta;

type Story = StoryObj<Args>;

/** The patient's assigned materials: one new, one read. */
export const Patient: Story = {};

/** The clinician: read states, the assign form and the count of patients educated. */
export const Clinician: Story = { args: { 'user-role': 'clinician' } };

/** In Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };

/** Nothing assigned yet. */
export const Empty: Story = { args: { patient: 'Patient/nobody' } };

/** On a phone-sized screen (320 px), as a clinician. */
export const Narrow: Story = { args: { width: 320, 'user-role': 'clinician' } };

/** Waiting for the server. */
export const Loading: Story = { args: { adapter: createMemoryAdapter({ latencyMs: Infinity }) } };

/** The server failed; the user can try again. */
export const ServerError: Story = { args: { adapter: createMemoryAdapter({ failWith: 'server' }) } };

/** The host gave no adapter with an education port. */
export const NotConfigured: Story = { args: { adapter: {} } };
