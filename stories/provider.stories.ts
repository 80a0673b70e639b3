import { html, nothing } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/core/provider.js';
import '../src/elements/patient-banner/patient-banner.js';
import { createMemoryAdapter } from '../src/adapters/memory/index.js';
import type { EngageAdapter, Role } from '../src/adapters/ports.js';
import { STORY_NOW } from './decorators.js';
import { allPatients, carla, kermit } from './data/patients.js';

/**
 * `<engage-provider>` renders nothing of its own: every story shows it around a patient
 * banner, which takes the adapter, patient, role, language and theme from it. The args
 * are the provider's own attributes (and its `adapter` property), named as a host
 * writes them in HTML.
 */
interface Args {
  adapter?: EngageAdapter;
  'fhir-base-url'?: string;
  patient?: string;
  user?: string;
  'user-name'?: string;
  'user-role'?: Role;
  locale?: string;
  theme?: 'light' | 'dark' | 'auto';
  /** Properties a host sets in code (no control). */
  getToken?: () => string;
  now?: () => Date;
}

const adapter = createMemoryAdapter({ patients: allPatients });

const meta: Meta<Args> = {
  title: 'Elements/Provider',
  component: 'engage-provider',
  tags: ['autodocs'],
  args: { adapter, patient: carla.ref, 'user-role': 'patient', locale: 'en', theme: 'light' },
  argTypes: {
    // objects and functions are set as properties by the host's code, not from a form
    adapter: { control: false },
    getToken: { control: false },
    now: { control: false },
    'fhir-base-url': { control: 'text' },
    'user-role': { control: 'inline-radio', options: ['patient', 'caregiver', 'clinician'] },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  render: (args) => html`<engage-provider
    .adapter=${args.adapter}
    .now=${STORY_NOW}
    fhir-base-url=${args['fhir-base-url'] || nothing}
    patient=${args.patient || nothing}
    user=${args.user || nothing}
    user-name=${args['user-name'] || nothing}
    user-role=${args['user-role'] ?? 'patient'}
    locale=${args.locale ?? 'en'}
    theme=${args.theme ?? 'light'}
  >
    <div class="engage-story-surface">
      <engage-patient-banner heading-level="2"></engage-patient-banner>
    </div>
  </engage-provider>`,
};
export default meta;

type Story = StoryObj<Args>;

/** A patient portal: the provider gives the banner the in-memory adapter and the patient. */
export const Patient: Story = {};

/** Inside an EHR screen: `user-role="clinician"` changes how the elements present the record. */
export const Clinician: Story = { args: { 'user-role': 'clinician', user: 'Practitioner/1', 'user-name': 'Dr. Rivera', patient: kermit.ref } };

/** `locale="es"`: text, dates and numbers of every element inside in Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };

/** `theme="dark"` sets the dark value of every `--engage-*` token for the elements inside. */
export const Dark: Story = { args: { theme: 'dark', patient: kermit.ref } };

/** An adapter without the port an element needs: the element says what the host must still supply. */
export const NotConfigured: Story = { args: { adapter: {} } };
