import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/questionnaire/questionnaire.js';
import { createMemoryAdapter } from '../src/adapters/memory/index.js';
import type { EngageAdapter, Questionnaire, QuestionnaireResponse } from '../src/adapters/ports.js';
import { inProvider, type ProviderArgs } from './decorators.js';
// the LHC-Forms PHQ-9 as published (test/fixtures/README.md names its source and terms),
// copied into a module by scripts/questionnaire-story-forms.mjs so that tests can load the stories
import { phq9 as phq9Json, richText as richJson } from './data/questionnaire-forms.generated.js';
import { whenShown } from './data/story-wait.js';

/** What a story does to the form once it shows, to reach its state: answer three questions, save, or send. */
type Drive = 'answer' | 'save' | 'submit';
type Args = ProviderArgs & { questionnaire?: string; responseId?: string; drive?: Drive };

/** Answers, saves or sends in the rendered form, as a patient would, until it shows the story's state. */
async function driveForm(element: Element | undefined, drive: Drive): Promise<void> {
  if (!element) return;
  const root = () => element.shadowRoot;
  // the form shows once its FHIRPath engine has loaded (an on-demand chunk)
  if (!(await whenShown(element, () => root()?.querySelector('form select')))) return;
  if (drive === 'answer') {
    [...(root()?.querySelectorAll<HTMLSelectElement>('form select') ?? [])].slice(0, 3).forEach((select, i) => {
      select.value = String(i + 1);
      select.dispatchEvent(new Event('change'));
    });
  } else {
    root()?.querySelector<HTMLButtonElement>(drive === 'save' ? '[part~="save-button"]' : '[part~="submit-button"]')?.click();
  }
}

const PATIENT = 'Patient/85';
const phq9 = { ...(phq9Json as unknown as Questionnaire), id: 'phq9', url: 'http://loinc.org/q/44249-1' };
const rich = { ...(richJson as unknown as Questionnaire), id: 'rich-text' };
const answer = (linkId: string, index: number) => {
  const item = phq9.item!.find((i) => i.linkId === linkId)!;
  return { linkId, text: item.text, answer: [{ valueCoding: item.answerOption![index]!.valueCoding }] };
};
const scored = phq9.item!.filter((i) => i.type === 'choice').slice(0, 9).map((i) => i.linkId);

const draft: QuestionnaireResponse = {
  resourceType: 'QuestionnaireResponse',
  id: 'draft-1',
  status: 'in-progress',
  questionnaire: phq9.url,
  subject: { reference: PATIENT },
  authored: '2024-06-15T11:40:00Z',
  item: scored.slice(0, 3).map((linkId, i) => answer(linkId, i)),
};
const completed: QuestionnaireResponse = {
  resourceType: 'QuestionnaireResponse',
  id: 'completed-1',
  status: 'completed',
  questionnaire: phq9.url,
  subject: { reference: PATIENT },
  authored: '2024-06-15T11:55:00Z',
  item: scored.map((linkId, i) => answer(linkId, [1, 2, 1, 3, 0, 1, 2, 1, 0][i]!)),
};
const loop: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'loop',
  title: 'A form whose questions wait for each other',
  item: [
    { linkId: 'a', type: 'boolean', text: 'A', enableWhen: [{ question: 'b', operator: 'exists', answerBoolean: true }] },
    { linkId: 'b', type: 'boolean', text: 'B', enableWhen: [{ question: 'a', operator: 'exists', answerBoolean: true }] },
  ],
};

/**
 * A long form: the PHQ-9's nine scored questions asked again for each of 20 weeks, each
 * week a group of its own (180 questions), as a symptom diary would be.
 */
const diary: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'diary',
  title: 'Twenty weeks of mood questions',
  item: Array.from({ length: 20 }, (_, week) => ({
    linkId: `week-${week + 1}`,
    type: 'group' as const,
    text: `Week ${week + 1}`,
    item: phq9.item!.filter((i) => scored.includes(i.linkId)).map((i) => ({ ...i, linkId: `week-${week + 1}${i.linkId}`, extension: undefined })),
  })),
};

const options = { questionnaires: [phq9, rich, loop, diary], responses: [draft, completed] };
const adapter: EngageAdapter = createMemoryAdapter({ questionnaires: options });

const meta: Meta<Args> = {
  title: 'Elements/Questionnaire',
  component: 'engage-questionnaire',
  tags: ['autodocs'],
  args: { adapter, patient: PATIENT, 'user-role': 'patient', questionnaire: 'phq9' },
  argTypes: {
    adapter: { control: false },
    drive: { control: false },
    'user-role': { control: 'inline-radio', options: ['patient', 'caregiver', 'clinician'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  render: (args) =>
    inProvider(
      args,
      html`<engage-questionnaire
        questionnaire=${args.responseId ? '' : (args.questionnaire ?? '')}
        response-id=${args.responseId ?? ''}
        ${ref((el) => void (args.drive && driveForm(el, args.drive)))}
      ></engage-questionnaire>`,
    ),
};
export default meta;

type Story = StoryObj<Args>;

/** The PHQ-9, nothing answered yet. */
export const Empty: Story = {};
/**
 * Three questions answered, nothing saved yet. Typed answers outlive a re-render in the
 * page's memory per patient and form, so this story has a patient of its own: its answers
 * never show up in the other stories.
 */
export const PartlyFilled: Story = { args: { drive: 'answer', patient: 'Patient/partly-filled' } };
/** A saved draft, resumed: three questions answered. */
export const SavedDraft: Story = { args: { responseId: draft.id } };
/** "Send" with questions unanswered: each one marked, the first focused, the count announced. */
export const ValidationErrors: Story = { args: { drive: 'submit' } };
/** Saving failed: the answers stay, with a retry. */
export const SaveFailed: Story = {
  args: { responseId: draft.id, drive: 'save', adapter: createMemoryAdapter({ questionnaires: { ...options, failSavesWith: 'network' } }) },
};
/** The patient's copy of a completed response. */
export const Completed: Story = { args: { responseId: completed.id } };
/** The clinician's view of a completed response: patient-reported, with the score and the form's interpretation. */
export const ClinicianView: Story = { args: { responseId: completed.id, 'user-role': 'clinician' } };
/** Rich option text (rendering-xhtml) with `<script>` and `<button>` the sanitizer removes. */
export const RichText: Story = { args: { questionnaire: 'rich-text' } };
/** A form whose enableWhen conditions loop is refused, naming the loop. */
export const LoopRefused: Story = { args: { questionnaire: 'loop' } };
/** Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };
/** Waiting for the server. */
export const Loading: Story = { args: { adapter: createMemoryAdapter({ questionnaires: options, latencyMs: Infinity }) } };
/** The form could not be read; the user can try again. */
export const LoadFailed: Story = { args: { adapter: createMemoryAdapter({ questionnaires: options, failWith: 'network' }) } };
/** The host gave no adapter with a questionnaire port. */
export const NotConfigured: Story = { args: { adapter: {} } };
/** A long form: 180 questions in 20 groups. */
export const LongForm: Story = { args: { questionnaire: 'diary' } };
