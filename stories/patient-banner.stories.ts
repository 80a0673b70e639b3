import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/patient-banner/patient-banner.js';
import { createMemoryAdapter } from '../src/adapters/memory/index.js';
import { inProvider, type ProviderArgs } from './decorators.js';
import { allPatients, carla, dennis, kermit, noKnownAllergies, sparse } from './data/patients.js';

type Args = ProviderArgs & { headingLevel?: number };

const adapter = createMemoryAdapter({ patients: allPatients });

const meta: Meta<Args> = {
  title: 'Elements/Patient banner',
  component: 'engage-patient-banner',
  tags: ['autodocs'],
  args: { adapter, patient: carla.ref, 'user-role': 'patient', headingLevel: 2 },
  argTypes: {
    adapter: { control: false },
    'user-role': { control: 'inline-radio', options: ['patient', 'caregiver', 'clinician'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  render: (args) =>
    inProvider(args, html`<engage-patient-banner heading-level=${args.headingLevel ?? 2}></engage-patient-banner>`),
};
export default meta;

type Story = StoryObj<Args>;

/** A patient viewing their own banner. */
export const Patient: Story = {};

/** Clinicians see the sortable FAMILY, Given form. */
export const Clinician: Story = { args: { 'user-role': 'clinician', patient: kermit.ref } };

/** A high-criticality, severe allergy is the one shown. */
export const SevereAllergy: Story = { args: { patient: kermit.ref } };

/** Recorded as no known allergies. */
export const NoKnownAllergies: Story = { args: { patient: noKnownAllergies.ref } };

/** Nothing recorded about allergies; no birth date; a long name that must wrap. */
export const SparseRecord: Story = { args: { patient: sparse.ref } };

/** A deceased patient shows the date and the age at death. */
export const Deceased: Story = { args: { patient: dennis.ref, 'user-role': 'clinician' } };

/** In Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };

/** Dark theme. */
export const Dark: Story = { args: { theme: 'dark', patient: kermit.ref } };

/** On a phone-sized screen (320 px). */
export const Narrow: Story = { args: { width: 320, patient: sparse.ref } };

/** Waiting for the server. */
export const Loading: Story = { args: { adapter: createMemoryAdapter({ patients: allPatients, latencyMs: Infinity }) } };

/** The server failed; the user can try again. */
export const ServerError: Story = { args: { adapter: createMemoryAdapter({ failWith: 'server' }) } };

/** The patient does not exist. */
export const NotFound: Story = { args: { patient: 'Patient/unknown' } };

/** The host gave no adapter with a patient port. */
export const NotConfigured: Story = { args: { adapter: {} } };

/** The host gave no patient. */
export const NoPatient: Story = { args: { patient: '' } };
