import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/message-inbox/message-inbox.js';
import type { EngageAdapter, Session } from '../src/adapters/ports.js';
import { inProvider, type ProviderArgs } from './decorators.js';
import { CAREGIVER_USER, CLINICIAN_USER, MESSAGE_PATIENT, PATIENT_USER, messagingAdapter } from './data/messages.js';

type Args = ProviderArgs & {
  /** Builds a fresh adapter for each render. */
  makeAdapter?: () => EngageAdapter;
  /** The element's `session` property: who is acting. */
  session?: Partial<Session>;
  status?: 'open' | 'closed' | 'all';
};

const meta: Meta<Args> = {
  title: 'Elements/Message inbox',
  component: 'engage-message-inbox',
  tags: ['autodocs'],
  args: { patient: MESSAGE_PATIENT, 'user-role': 'patient', session: { user: PATIENT_USER.user }, status: 'open' },
  argTypes: {
    adapter: { control: false },
    makeAdapter: { control: false },
    session: { control: false },
    status: { control: 'inline-radio', options: ['open', 'closed', 'all'] },
    'user-role': { control: 'inline-radio', options: ['patient', 'caregiver', 'clinician'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  render: (args) =>
    inProvider(
      { ...args, adapter: args.adapter ?? (args.makeAdapter ?? (() => messagingAdapter()))() },
      html`<engage-message-inbox
        status=${args.status ?? 'open'}
        reply-time="2 business days"
        .session=${args.session ?? {}}
      ></engage-message-inbox>`,
    ),
};
export default meta;

type Story = StoryObj<Args>;

/** A patient's open conversations, newest first, with unread counts. */
export const Inbox: Story = {};

/** No conversations yet. */
export const EmptyInbox: Story = { args: { makeAdapter: () => messagingAdapter({ empty: true }) } };

/** A long history, paged 20 at a time. */
export const LongInbox: Story = { args: { status: 'all', makeAdapter: () => messagingAdapter({ threads: 60 }) } };

/** Closed conversations only. */
export const ClosedConversations: Story = { args: { status: 'closed' } };

/** A clinician's view of the patient's conversations. */
export const ClinicianView: Story = { args: { 'user-role': 'clinician', session: { user: CLINICIAN_USER.user } } };

/** A caregiver's view. */
export const CaregiverView: Story = { args: { 'user-role': 'caregiver', session: { user: CAREGIVER_USER.user } } };

/** Waiting for the server. */
export const InboxLoading: Story = { args: { makeAdapter: () => messagingAdapter({}, { latencyMs: Infinity }) } };

/** The server failed. */
export const LoadError: Story = { args: { makeAdapter: () => messagingAdapter({}, { failWith: 'network' }) } };

/** The host gave no adapter with a messaging port. */
export const NotConfigured: Story = { args: { makeAdapter: () => ({}) } };

/** In Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };

/** On a phone-sized screen (320 px). */
export const Narrow: Story = { args: { width: 320 } };
