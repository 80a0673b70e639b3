import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/message-thread/message-thread.js';
import type { EngageAdapter, Session } from '../src/adapters/ports.js';
import type { EngageMessageThread } from '../src/elements/message-thread/message-thread.component.js';
import type { HostText } from '../src/core/host-text.js';
import { inProvider, type ProviderArgs } from './decorators.js';
import { CAREGIVER_USER, CLINICIAN_USER, MESSAGE_PATIENT, PATIENT_USER, editWhileOpen, messagingAdapter } from './data/messages.js';
import { whenShown } from './data/story-wait.js';

type Args = ProviderArgs & {
  /** Builds a fresh adapter for each render, so one story's sends never leak into another. */
  makeAdapter?: () => EngageAdapter;
  threadId?: string;
  /** The element's `session` property: who is acting. */
  session?: Partial<Session>;
  /** Text typed into the reply box, sent at once (for the failed-send story). */
  sendText?: string;
  replyTime?: HostText;
  /** Scripted events for states that need them. */
  drive?: 'edit-while-open';
};

/** Types the text and presses Send once the conversation has loaded. */
async function typeAndSend(element: Element | undefined, text: string | undefined) {
  if (!element || !text) return;
  const thread = element as EngageMessageThread;
  if (!(await whenShown(thread, () => thread.shadowRoot?.querySelector('textarea')))) return;
  thread.value = text;
  await thread.send();
}

const meta: Meta<Args> = {
  title: 'Elements/Message thread',
  component: 'engage-message-thread',
  tags: ['autodocs'],
  args: { patient: MESSAGE_PATIENT, 'user-role': 'patient', threadId: 'story-labs', session: { user: PATIENT_USER.user }, replyTime: { en: '2 business days', es: '2 días hábiles' } },
  argTypes: {
    adapter: { control: false },
    makeAdapter: { control: false },
    session: { control: false },
    drive: { control: false },
    'user-role': { control: 'inline-radio', options: ['patient', 'caregiver', 'clinician'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  render: (args) => {
    const adapter = args.adapter ?? (args.makeAdapter ?? (() => messagingAdapter()))();
    return inProvider(
      { ...args, adapter },
      html`<engage-message-thread
        thread-id=${args.threadId ?? ''}
        .replyTime=${args.replyTime}
        .session=${args.session ?? {}}
        ${ref((el) => void (args.drive === 'edit-while-open' ? editWhileOpen(el, adapter) : typeAndSend(el, args.sendText)))}
      ></engage-message-thread>`,
    );
  },
};
export default meta;

type Story = StoryObj<Args>;

/** A patient reads a reply with a list and a link, and can answer. */
export const Conversation: Story = {};

/** Received attachments can be opened (PDF, images) or downloaded. */
export const WithAttachments: Story = { args: { threadId: 'story-labs' } };

/** Waiting for the server. */
export const ThreadLoading: Story = { args: { makeAdapter: () => messagingAdapter({}, { latencyMs: Infinity }) } };

/** The network failed during a send: the message shows "Not sent" with a retry, and the text stays. */
export const FailedSend: Story = {
  args: { makeAdapter: () => messagingAdapter({ writeFailure: 'network' }), sendText: 'Can I take ibuprofen with my new medicine?' },
};

/**
 * Dr. Lee's reply lands while the conversation is open, then her corrected retry (sent again
 * after its answer was lost) rewrites it: the corrected words show in place of the first
 * ones, and a screen reader hears "A message in this conversation was edited."
 */
export const EditedWhileOpen: Story = { args: { drive: 'edit-while-open' } };

/** A clinician sees which team inbox the conversation was routed to, and can close it. */
export const ClinicianView: Story = { args: { 'user-role': 'clinician', session: { user: CLINICIAN_USER.user }, threadId: 'story-rx' } };

/** A caregiver writes for the patient; their messages say so. */
export const CaregiverView: Story = { args: { 'user-role': 'caregiver', session: { user: CAREGIVER_USER.user }, threadId: 'story-rx' } };

/** A closed conversation: patients are pointed to a new message. */
export const Closed: Story = { args: { threadId: 'story-closed' } };

/** 5,000 messages: only the visible ones are rendered. */
export const FiveThousandMessages: Story = {
  args: { threadId: 'story-long', makeAdapter: () => messagingAdapter({ longThread: 5000 }) },
};

/** The server failed to load the conversation. */
export const LoadError: Story = { args: { makeAdapter: () => messagingAdapter({}, { failWith: 'server' }) } };

/** The host gave no adapter with a messaging port. */
export const NotConfigured: Story = { args: { makeAdapter: () => ({}) } };

/** In Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };

/** On a phone-sized screen (320 px). */
export const Narrow: Story = { args: { width: 320 } };
