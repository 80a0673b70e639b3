import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/patient-switcher/patient-switcher.js';
import { createMemoryAdapter } from '../src/adapters/memory/index.js';
import type { EngageAdapter, LinkedPatient } from '../src/adapters/ports.js';
import { inProvider, type ProviderArgs } from './decorators.js';

type Args = ProviderArgs & {
  /** Builds a fresh adapter for each render. */
  makeAdapter?: () => EngageAdapter;
  patients?: LinkedPatient[];
  'record-lang'?: string;
};

const ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';

/** Ana Gómez cares for her son and for her father; her own record differs for each (a FHIR RelatedPerson belongs to one patient). */
const FAMILY: LinkedPatient[] = [
  { patient: 'Patient/story-lucas', name: 'Lucas Gómez', birthDate: '2011-08-03', actingAs: 'RelatedPerson/story-ana-for-lucas', relationship: 'Mother', relationshipCode: { system: ROLE_CODE, code: 'MTH' } },
  { patient: 'Patient/story-jorge', name: 'Jorge Ruiz', birthDate: '1946-02-17', actingAs: 'RelatedPerson/story-ana-for-jorge', relationship: 'Daughter', relationshipCode: { system: ROLE_CODE, code: 'DAU' } },
];

/** The caregiver's list from the patient port (each of her records lists the same people). */
const familyAdapter = (options: { none?: boolean; loading?: boolean } = {}) =>
  createMemoryAdapter({
    ...(options.loading ? { latencyMs: Infinity } : {}),
    linkedPatients: options.none ? {} : Object.fromEntries(FAMILY.map((p) => [p.actingAs!, FAMILY])),
  });

const meta: Meta<Args> = {
  title: 'Elements/Patient switcher',
  component: 'engage-patient-switcher',
  tags: ['autodocs'],
  args: { patient: FAMILY[0]!.patient, user: FAMILY[0]!.actingAs, 'user-name': 'Ana Gómez', 'user-role': 'caregiver', 'record-lang': 'en' },
  argTypes: {
    adapter: { control: false },
    makeAdapter: { control: false },
    patients: { control: false },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  render: (args) =>
    inProvider(
      { ...args, adapter: args.adapter ?? (args.makeAdapter ?? (() => familyAdapter()))() },
      html`<engage-patient-switcher .patients=${args.patients} record-lang=${args['record-lang'] ?? 'en'}></engage-patient-switcher>`,
    ),
};
export default meta;

type Story = StoryObj<Args>;

/** Waiting for the list of people the caregiver acts for. */
export const Loading: Story = { args: { makeAdapter: () => familyAdapter({ loading: true }) } };

/** "Ana Gómez, for Lucas Gómez", and a choice between her son and her father, read from the patient port. */
export const CaregiverOfTwo: Story = {};

/** The host hands in the list itself (`patients`), for example from its own session. */
export const ListFromHost: Story = { args: { patients: FAMILY, makeAdapter: () => familyAdapter({ none: true }) } };

/** The user is linked to no one else's record. */
export const NoOneLinked: Story = { args: { makeAdapter: () => familyAdapter({ none: true }) } };

/** Spanish: the relationship said from its code, in Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };

/** Reflow at 320 px. */
export const Narrow: Story = { args: { width: 320 } };
