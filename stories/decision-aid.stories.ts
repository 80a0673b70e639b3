import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/decision-aid/decision-aid.js';
import { createMemoryAdapter } from '../src/adapters/memory/index.js';
import type { DecisionAidResponse } from '../src/adapters/ports.js';
import type { DecisionStep } from '../src/elements/decision-aid/decision-aid.component.js';
import { inProvider, type ProviderArgs } from './decorators.js';

type Args = ProviderArgs & {
  aidId?: string;
  responseId?: string;
  startStep?: DecisionStep;
  riskInputs?: Record<string, number>;
};

/** The shipped aid files (aids/*.json), fetched like any content a port would load. */
async function aidFile(id: string): Promise<Record<string, unknown>> {
  const response = await fetch(new URL(`../aids/${id}.json`, import.meta.url));
  return (await response.json()) as Record<string, unknown>;
}
const shippedAids = () => Promise.all([aidFile('colorectal-cancer-screening'), aidFile('statin-primary-prevention')]);

const PATIENT = 'Patient/85';
const savedResponse: DecisionAidResponse = {
  id: 'response-statin-1',
  aidId: 'statin-primary-prevention',
  aidVersion: '0.1.0',
  patient: PATIENT,
  optionsShown: ['statin', 'no-statin'],
  numbersShown: [
    { outcomeId: 'cardiovascular-event', optionId: 'statin', numerator: 9, denominator: 100 },
    { outcomeId: 'cardiovascular-event', optionId: 'no-statin', numerator: 12, denominator: 100 },
    { outcomeId: 'new-diabetes', optionId: 'statin', numerator: 2, denominator: 100 },
    { outcomeId: 'new-diabetes', optionId: 'no-statin', numerator: 0, denominator: 100 },
  ],
  riskInputs: { 'ten-year-risk': 12 },
  values: { 'avoid-daily-pill': 4, 'lower-chance': 9, 'avoid-side-effects': 6 },
  knowledge: { answers: { 'ten-in-100': 'seven', 'habits-matter': 'yes' }, correct: 2, total: 2 },
  sure: { items: [false, true, true, true], score: 3 },
  leaning: 'statin',
  questions: 'Which statin would I take?\nDo I need blood tests?',
  started: '2024-06-15T11:40:00.000Z',
  completed: '2024-06-15T11:55:00.000Z',
};

const adapter = createMemoryAdapter({ decisionAids: { aids: shippedAids, responses: [savedResponse] } });

const meta: Meta<Args> = {
  title: 'Elements/Decision aid',
  component: 'engage-decision-aid',
  tags: ['autodocs'],
  args: { adapter, patient: PATIENT, 'user-role': 'patient', aidId: 'colorectal-cancer-screening' },
  argTypes: {
    adapter: { control: false },
    'user-role': { control: 'inline-radio', options: ['patient', 'caregiver', 'clinician'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
    startStep: { control: 'select', options: ['decision', 'options', 'numbers', 'values', 'knowledge', 'sure', 'summary'] },
  },
  render: (args) =>
    inProvider(
      args,
      html`<engage-decision-aid
        aid-id=${args.responseId ? '' : (args.aidId ?? '')}
        response-id=${args.responseId ?? ''}
        start-step=${args.startStep ?? 'decision'}
        .riskInputs=${args.riskInputs ?? {}}
      ></engage-decision-aid>`,
    ),
};
export default meta;

type Story = StoryObj<Args>;
const crc = (startStep: DecisionStep): Story => ({ args: { aidId: 'colorectal-cancer-screening', startStep } });
const statin = (startStep: DecisionStep, riskInputs?: Record<string, number>): Story => ({
  args: { aidId: 'statin-primary-prevention', startStep, riskInputs },
});

/** Colorectal cancer screening, step 1: the decision, who it is for, and that not screening is an option. */
export const ColorectalDecision = crc('decision');
/** Step 2: the option grid (a table where there is room, cards on a phone). */
export const ColorectalOptions = crc('options');
/** Step 3: deaths prevented and colonoscopy complications per 1,000, as icon arrays with their sources. */
export const ColorectalNumbers = crc('numbers');
/** Step 4: what matters to the patient (sliders with labelled ends). */
export const ColorectalValues = crc('values');
/** Step 5: the knowledge check. */
export const ColorectalKnowledge = crc('knowledge');
/** Step 6: the SURE test. */
export const ColorectalSure = crc('sure');
/** Step 7: leaning, questions, save and print. */
export const ColorectalSummary = crc('summary');

/** Statin, step 1. */
export const StatinDecision = statin('decision');
/** Statin, step 2. */
export const StatinOptions = statin('options');
/** Statin, step 3 before the clinician enters a risk: the numbers use the aid’s stated 10% example, said to be one. */
export const StatinNumbersNoRisk = statin('numbers');
/** Statin numbers at a low 10-year risk (5%). */
export const StatinNumbersLowRisk = statin('numbers', { 'ten-year-risk': 5 });
/** Statin numbers at a high 10-year risk (25%). */
export const StatinNumbersHighRisk = statin('numbers', { 'ten-year-risk': 25 });
/** Statin, step 4. */
export const StatinValues = statin('values', { 'ten-year-risk': 12 });
/** Statin, step 5. */
export const StatinKnowledge = statin('knowledge', { 'ten-year-risk': 12 });
/** Statin, step 6. */
export const StatinSure = statin('sure', { 'ten-year-risk': 12 });
/** Statin, step 7. */
export const StatinSummary = statin('summary', { 'ten-year-risk': 12 });

/** A completed response, as the patient sees it after saving. */
export const CompletedSummary: Story = { args: { responseId: savedResponse.id } };

/** The clinician opens the saved response read-only, as a one-page visit summary. */
export const ClinicianSummary: Story = { args: { responseId: savedResponse.id, 'user-role': 'clinician' } };

/** Content with errors is refused, naming each bad field. */
export const InvalidContent: Story = {
  args: {
    aidId: 'statin-primary-prevention',
    adapter: createMemoryAdapter({
      decisionAids: {
        aids: async () => {
          const aid = (await aidFile('statin-primary-prevention')) as { outcomes: Record<string, unknown>[]; extra?: boolean };
          aid.outcomes[1]!.denominator = 1000;
          aid.extra = true;
          return [aid];
        },
      },
    }),
  },
};

/** Saving fails: the answers stay and the patient can try again. */
export const SaveFailure: Story = {
  args: {
    aidId: 'statin-primary-prevention',
    startStep: 'summary',
    riskInputs: { 'ten-year-risk': 12 },
    adapter: createMemoryAdapter({ decisionAids: { aids: shippedAids, failSavesWith: 'server' } }),
  },
};

/** Chrome in Spanish (the aid content stays in its own language, English). */
export const Spanish: Story = { args: { locale: 'es', aidId: 'statin-primary-prevention', startStep: 'sure' } };

/** Dark theme, icon arrays. */
export const Dark: Story = { args: { theme: 'dark', startStep: 'numbers' } };

/** On a phone-sized screen (320 px): the option grid stacks into cards. */
export const Narrow: Story = { args: { width: 320, startStep: 'options' } };

/** Waiting for the server. */
export const Loading: Story = {
  args: { adapter: createMemoryAdapter({ latencyMs: Infinity, decisionAids: { aids: shippedAids } }) },
};

/** The server failed; the user can try again. */
export const ServerError: Story = { args: { adapter: createMemoryAdapter({ failWith: 'server' }) } };

/** The host gave no adapter with a decision-aid port. */
export const NotConfigured: Story = { args: { adapter: {} } };
