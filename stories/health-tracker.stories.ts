import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/health-tracker/health-tracker.js';
import { createMemoryAdapter, type MemoryHealthTrackerOptions } from '../src/adapters/memory/index.js';
import type { EngageAdapter } from '../src/adapters/ports.js';
import { inProvider, type ProviderArgs } from './decorators.js';
import { TRACKER_GOALS, TRACKER_PATIENT, TRACKER_READINGS, driveTracker, type TrackerDrive } from './data/health-tracker.js';

type Args = ProviderArgs & {
  /** Builds a fresh adapter for each render. */
  makeAdapter?: () => EngageAdapter;
  /** Types into the element for states that need input. */
  drive?: TrackerDrive;
  'emergency-number'?: string;
};

const fresh = (options: MemoryHealthTrackerOptions = { readings: TRACKER_READINGS, goals: TRACKER_GOALS }) => () =>
  createMemoryAdapter({ healthTracker: options });

const meta: Meta<Args> = {
  title: 'Elements/Health tracker',
  component: 'engage-health-tracker',
  tags: ['autodocs'],
  args: { patient: TRACKER_PATIENT, 'user-role': 'patient', 'emergency-number': '911' },
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
      { ...args, adapter: args.adapter ?? (args.makeAdapter ?? fresh())() },
      html`<engage-health-tracker
        emergency-number=${args['emergency-number'] ?? '911'}
        ${ref((el) => void (args.drive && driveTracker(el, args.drive)))}
      ></engage-health-tracker>`,
    ),
};
export default meta;

type Story = StoryObj<Args>;

/** Nothing recorded yet and no goals: the form and an invitation to add the first reading. */
export const Empty: Story = { args: { makeAdapter: fresh({}) } };

/** Eight weeks of home blood pressure beside three clinic measurements, weekly weights, and the goals as dashed lines. */
export const ReadingsWithGoal: Story = {};

/** A blood pressure of 184/112 was just entered: what to do, at once, in plain words. */
export const DangerousReading: Story = { args: { drive: 'dangerous' } };

/** A CSV file checked before saving: three rows with a problem each, named per row. */
export const ImportPreviewWithErrors: Story = { args: { drive: 'import-errors' } };

/** The save failed: the reading is still in the form, with "Try again". */
export const SaveFailed: Story = { args: { drive: 'save', makeAdapter: fresh({ readings: TRACKER_READINGS, goals: TRACKER_GOALS, failSavesWith: 'network' }) } };

/** The clinician view: home readings beside clinic measurements, patient-reported marked; no entry form. */
export const ClinicianView: Story = { args: { 'user-role': 'clinician' } };

/** Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };

/** Reflow at 320 px. */
export const Narrow: Story = { args: { width: 320 } };
