import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/refill-request/refill-request.js';
import { createMemoryAdapter } from '../src/adapters/memory/index.js';
import type { EngageAdapter } from '../src/adapters/ports.js';
import { MemoryDraftStore } from '../src/core/drafts.js';
import { inProvider, type ProviderArgs } from './decorators.js';
import { EMPTY_PATIENT, REFILL_PATIENT, driveRefill, refillData } from './data/refills.js';
import { playAnsweredBeforeRetry } from './data/refill-decided.js';

type Args = ProviderArgs & {
  /** Builds a fresh adapter for each render, so one story's requests never leak into another. */
  makeAdapter?: () => EngageAdapter;
  /** Drives the element to a later step after it loads. */
  drive?: 'review' | 'send';
  headingLevel?: number;
};

const fresh = (options: Parameters<typeof refillData>[0] = {}, simulation = {}) => () =>
  createMemoryAdapter({ refills: refillData(options), ...simulation });

const meta: Meta<Args> = {
  title: 'Elements/Refill request',
  component: 'engage-refill-request',
  tags: ['autodocs'],
  args: { patient: REFILL_PATIENT, 'user-role': 'patient', headingLevel: 2 },
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
      html`<engage-refill-request
        heading-level=${args.headingLevel ?? 2}
        ${ref((el) => void (args.drive && driveRefill(el, args.drive)))}
      ></engage-refill-request>`,
    ),
};
export default meta;

type Story = StoryObj<Args>;

/** Medications in every category: ready to refill, needs renewal, and not requestable online (with reasons), plus earlier requests. */
export const SeveralMedications: Story = {};

/** A patient with no active prescriptions. */
export const NoActiveMedications: Story = { args: { patient: EMPTY_PATIENT } };

/** Two medications chosen, on the review step. */
export const Review: Story = { args: { drive: 'review' } };

/** Sending: the send button says so and cannot send twice. */
export const Submitting: Story = {
  args: { drive: 'send', makeAdapter: fresh({ writes: { latencyMs: Infinity } }) },
};

/** The server could not be reached: the error is shown and every choice is kept. */
export const SubmitFailed: Story = {
  args: { drive: 'send', makeAdapter: fresh({ writes: { failWith: 'network' } }) },
};

/** After sending: the confirmation, and the new requests at the top of the history. */
export const Confirmation: Story = { args: { drive: 'send' } };

/**
 * The care team answered before the retry: the first send of a note with lisinopril was
 * stored but its answer was lost, the care team denied that request, and the patient went
 * back, added to the note and sent again. The request is not changed: the notice says the
 * care team already answered, gives the answer, and keeps what the patient wrote to send as
 * a new request. The `play` function gets there (stories/data/refill-decided.ts); before it,
 * the story is the form with every medication.
 */
export const AnsweredBeforeRetry: Story = {
  // its own draft store: the note it leaves on the form does not show in the other stories
  render: (args) =>
    inProvider(
      { ...args, adapter: args.adapter ?? (args.makeAdapter ?? fresh())() },
      html`<engage-refill-request heading-level=${args.headingLevel ?? 2} .draftStore=${new MemoryDraftStore()}></engage-refill-request>`,
    ),
  play: ({ canvasElement }) =>
    playAnsweredBeforeRetry(canvasElement.querySelector('engage-refill-request'), canvasElement.querySelector('engage-provider')?.adapter),
};

/** Earlier requests: pending (with cancel), approved, denied and "needs an appointment" with the reason. */
export const RequestHistory: Story = {
  args: {
    makeAdapter: fresh({ prescriptions: { [REFILL_PATIENT]: [] } }),
  },
};

/** A caregiver asking for the patient. */
export const Caregiver: Story = { args: { 'user-role': 'caregiver' } };

/** Inside a host form: the element is a required form control; the host's button submits its value. */
export const InsideHostForm: Story = {
  render: (args) =>
    inProvider(
      { ...args, adapter: fresh()() },
      html`<form aria-label="Refill form" @submit=${(e: Event) => e.preventDefault()}>
        <engage-refill-request name="refill" required></engage-refill-request>
        <p><button type="submit">Submit to the portal</button> <button type="reset">Start over</button></p>
      </form>`,
    ),
};

/** In Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };

/** Dark theme. */
export const Dark: Story = { args: { theme: 'dark' } };

/** On a phone-sized screen (320 px). */
export const Narrow: Story = { args: { width: 320 } };

/** Waiting for the server. */
export const Loading: Story = { args: { makeAdapter: fresh({}, { latencyMs: Infinity }) } };

/** The server failed; the user can try again. */
export const ServerError: Story = { args: { makeAdapter: fresh({}, { failWith: 'server' }) } };

/** The host gave no adapter with a refills port. */
export const NotConfigured: Story = { args: { adapter: {} } };
