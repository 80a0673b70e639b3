import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/clinical-summary/clinical-summary.js';
import { createMemoryAdapter } from '../src/adapters/memory/index.js';
import { createFhirAdapter } from '../src/adapters/fhir/index.js';
import { inProvider, type ProviderArgs } from './decorators.js';
import { emptySummary, hospitalStaySummary, hugeSummary, sampleCcda, sampleIps, typicalSummary } from './data/summaries.js';

type Args = ProviderArgs & {
  sections?: string;
  showInactive?: boolean;
  expandAll?: boolean;
  bundle?: unknown;
  ccda?: string;
};

const adapter = createMemoryAdapter({
  summary: {
    summaries: { 'Patient/typical': typicalSummary, 'Patient/empty': emptySummary, 'Patient/huge': hugeSummary(), 'Patient/stay': hospitalStaySummary },
    documents: { 'Patient/typical': sampleIps },
  },
});

/*
 * "Live FHIR" without a network: the real FHIR adapter and its mapping, over a fetch
 * that answers like a FHIR server holding a few resources of the IPS sample.
 */
const fhirResources = sampleIps.entry.map((e) => e.resource as Record<string, unknown>).filter((r) => r.resourceType !== 'Composition');
const storyFetch: typeof fetch = async (input, init) => {
  const url = new URL(String(input));
  const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/fhir+json' } });
  if (url.pathname.endsWith('/metadata')) return json({ resourceType: 'CapabilityStatement', rest: [{ mode: 'server' }] });
  const batch = JSON.parse(String(init?.body ?? '{}')) as { entry?: { request: { url: string } }[] };
  return json({
    resourceType: 'Bundle',
    type: 'batch-response',
    entry: (batch.entry ?? []).map(({ request }) => {
      const type = request.url.split(/[/?]/)[0];
      if (!request.url.includes('?')) {
        return { response: { status: '200' }, resource: fhirResources.find((r) => r.resourceType === type) };
      }
      const matches = fhirResources.filter((r) => r.resourceType === type);
      return { response: { status: '200' }, resource: { resourceType: 'Bundle', type: 'searchset', entry: matches.map((resource) => ({ resource })) } };
    }),
  });
};
const fhirAdapter = createFhirAdapter({ baseUrl: 'https://fhir.example.org/R4', fetch: storyFetch });

const meta: Meta<Args> = {
  title: 'Elements/Clinical summary',
  component: 'engage-clinical-summary',
  tags: ['autodocs'],
  args: { adapter, patient: 'Patient/typical', 'user-role': 'patient' },
  argTypes: {
    adapter: { control: false },
    bundle: { control: false },
    ccda: { control: false },
    'user-role': { control: 'inline-radio', options: ['patient', 'caregiver', 'clinician'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  render: (args) =>
    inProvider(
      args,
      html`<engage-clinical-summary
        sections=${args.sections ?? ''}
        ?show-inactive=${args.showInactive ?? false}
        ?expand-all=${args.expandAll ?? false}
        .bundle=${args.bundle}
        .ccda=${args.ccda}
      ></engage-clinical-summary>`,
    ),
};
export default meta;

type Story = StoryObj<Args>;

/** A patient reading their own summary: plain words, comfortable spacing. */
export const PatientView: Story = {};

/** A clinician's compact view with clinical section names. */
export const ClinicianView: Story = { args: { 'user-role': 'clinician' } };

/** Inactive, resolved and entered-in-error entries shown on request. */
export const ShowingInactive: Story = { args: { 'user-role': 'clinician', showInactive: true } };

/** The host picks and orders sections. */
export const ChosenSections: Story = { args: { sections: 'allergies medications problems' } };

/** Read through the FHIR adapter (batch search, mapping) from a FHIR endpoint. */
export const FromLiveFhir: Story = { args: { adapter: fhirAdapter, patient: 'Patient/pat-1', 'user-role': 'clinician' } };

/** An International Patient Summary Bundle given as a property (for example a downloaded file). */
export const FromIps: Story = { args: { bundle: sampleIps, adapter: {} } };

/** A C-CDA document given as XML text. */
export const FromCcda: Story = { args: { ccda: sampleCcda, adapter: {} } };

/** Nothing on record: "No known allergies" is not "Not recorded". */
export const EmptyRecord: Story = { args: { patient: 'Patient/empty' } };

/** After a hospital stay: admission and discharge diagnoses, directives with what they refuse and except. */
export const HospitalStay: Story = { args: { patient: 'Patient/stay', 'user-role': 'clinician' } };

/** 3 600 results and 400 visits: the first screen renders the latest of each, the rest on request. */
export const HugeRecord: Story = { args: { patient: 'Patient/huge', 'user-role': 'clinician' } };

/** One section's query failed; the rest is shown, with an error and retry for that one. */
export const PartialFailure: Story = {
  args: {
    adapter: createMemoryAdapter({ summary: { summaries: { 'Patient/typical': typicalSummary }, sectionFailures: { results: 'server' } } }),
  },
};

/** Everything expanded, as it prints. */
export const PrintLayout: Story = { args: { expandAll: true, 'user-role': 'patient' } };

/** In Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };

/** Dark theme. */
export const Dark: Story = { args: { theme: 'dark', 'user-role': 'clinician' } };

/** On a phone-sized screen (320 px). */
export const Narrow: Story = { args: { width: 320 } };

/** Waiting for the server. */
export const Loading: Story = {
  args: { adapter: createMemoryAdapter({ summary: { summaries: { 'Patient/typical': typicalSummary } }, latencyMs: Infinity }) },
};

/** The server failed; the user can try again. */
export const ServerError: Story = { args: { adapter: createMemoryAdapter({ failWith: 'server' }) } };

/** The host gave no adapter with a summary port. */
export const NotConfigured: Story = { args: { adapter: {} } };
