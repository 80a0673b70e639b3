import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/immunizations/immunizations.js';
import { createMemoryAdapter } from '../src/adapters/memory/index.js';
import type { EngageAdapter, ImmunizationForecast, ImmunizationRecord } from '../src/adapters/ports.js';
import { inProvider, type ProviderArgs } from './decorators.js';
import { ADULT_GAP, CAREGIVER, CLINICIAN, NO_RECORDS, ON_SCHEDULE, OVERDUE, PRINTED, REGISTRY, REGISTRY_NOT_FOUND, UNREADABLE_DOSE } from './data/immunizations.js';

type Args = ProviderArgs & {
  /** Builds a fresh adapter for each render. */
  makeAdapter?: () => EngageAdapter;
  /** The date to forecast for (the CDC case's assessment date). */
  asOf?: string;
  headingLevel?: number;
};

const adapterOf = (record: ImmunizationRecord, forecast?: ImmunizationForecast) => () =>
  createMemoryAdapter({
    immunizations: { records: [record], ...(forecast ? { forecasts: { [record.patient.ref]: forecast } } : {}) },
  });

const story = (data: { asOf?: string; record: ImmunizationRecord; forecast?: ImmunizationForecast }, extra: Partial<Args> = {}): StoryObj<Args> => ({
  args: { patient: data.record.patient.ref, asOf: data.asOf ?? '', makeAdapter: adapterOf(data.record, data.forecast), ...extra },
});

const meta: Meta<Args> = {
  title: 'Elements/Immunizations',
  component: 'engage-immunizations',
  tags: ['autodocs'],
  args: { 'user-role': 'patient', headingLevel: 2 },
  argTypes: {
    adapter: { control: false },
    makeAdapter: { control: false },
    'user-role': { control: 'inline-radio', options: ['patient', 'caregiver', 'clinician'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  render: (args) =>
    inProvider(
      { ...args, adapter: args.adapter ?? args.makeAdapter?.() },
      html`<engage-immunizations as-of=${args.asOf ?? ''} heading-level=${args.headingLevel ?? 2}></engage-immunizations>`,
    ),
};
export default meta;

type Story = StoryObj<Args>;

/** A baby on schedule (CDC case 2013-0627): two polio doses, the third due later; forecast by the library's CDSi engine. */
export const ChildOnSchedule: Story = story(ON_SCHEDULE);

/** An adolescent overdue for hepatitis B dose 4 (CDC case 2013-0212). */
export const ChildOverdue: Story = story(OVERDUE);

/** An adult with a gap (CDC case 2025-0046): COVID-19 doses from 2023 and 2024, due now for this season. */
export const AdultWithGap: Story = story(ADULT_GAP);

/** A registry response (CDC case 2013-0524 as a registry's evaluated history and forecast): every dose from the registry, its forecast shown as the registry's. */
export const RegistryWithForecast: Story = story(REGISTRY);

/** An adult with no vaccinations on record: only what is due (from the engine). */
export const NoRecords: Story = story(NO_RECORDS);

/** The registry has no such patient (QAK-2 = NF): a state, not an error. */
export const RegistryPatientNotFound: Story = story({ record: REGISTRY_NOT_FOUND });

/** A parent acting for a child (CDC case 2013-0286): "Your child's next … dose". */
export const CaregiverView: Story = story(CAREGIVER, { 'user-role': 'caregiver' });

/** The clinician view (CDC case 2013-0002): dose numbers, every date, each dose's evaluation (dose 2 not valid: too young) and the source. */
export const ClinicianView: Story = story(CLINICIAN, { 'user-role': 'clinician' });

/** The official record as printed (CDC case 2013-0639): print it from Storybook, or see test/browser/immunizations.stories.test.ts under print media. */
export const Print: Story = story(PRINTED);

/** A dose the forecast cannot read (no CVX code): its group says "ask your care team" and the clinician sees the dose not counted. */
export const DoseNotCounted: Story = story(UNREADABLE_DOSE, { 'user-role': 'clinician' });

/** Spanish. */
export const Spanish: Story = story(ON_SCHEDULE, { locale: 'es' });

/** Reflow at 320 px. */
export const Narrow: Story = story(CLINICIAN, { width: 320, 'user-role': 'clinician' });

/** Loading (the backend never answers). */
export const Loading: Story = {
  args: { patient: ON_SCHEDULE.record.patient.ref, makeAdapter: () => createMemoryAdapter({ immunizations: { records: [ON_SCHEDULE.record] }, latencyMs: Infinity }) },
};

/** The server could not be reached: an error with a retry button. */
export const ErrorState: Story = {
  args: { patient: ON_SCHEDULE.record.patient.ref, makeAdapter: () => createMemoryAdapter({ immunizations: { records: [ON_SCHEDULE.record] }, failWith: 'network' }) },
};

/** The adapter has no immunization port: the element names what it needs instead of failing. */
export const NotConfigured: Story = {
  args: { patient: ON_SCHEDULE.record.patient.ref, makeAdapter: () => ({ patient: createMemoryAdapter({}).patient }) },
};

/**
 * Large data: CDC case 2025-0046's adult with thirty yearly flu shots added (one each
 * October, 1995–2024), so the record, the groups and the print hold many rows.
 */
export const LargeRecord: Story = story({
  ...ADULT_GAP,
  record: {
    ...ADULT_GAP.record,
    vaccinations: [
      ...ADULT_GAP.record.vaccinations,
      ...Array.from({ length: 30 }, (_, i) => ({
        id: `flu-${1995 + i}`,
        vaccine: { text: 'Influenza, injectable, quadrivalent', codings: [] },
        cvx: '150',
        date: `${1995 + i}-10-15`,
        status: 'given' as const,
        source: 'historical' as const,
      })),
    ],
  },
});
