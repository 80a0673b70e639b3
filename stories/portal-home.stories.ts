import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/portal-home/portal-home.js';
import type { EngageAdapter } from '../src/adapters/ports.js';
import { inProvider, type ProviderArgs } from './decorators.js';
import { HOME_PATIENT, portalHomeAdapter } from './data/portal-home.js';

type Args = ProviderArgs & {
  /** Builds a fresh adapter for each render. */
  makeAdapter?: () => EngageAdapter;
  'messages-href'?: string;
  'heading-level'?: number;
};

const meta: Meta<Args> = {
  title: 'Elements/Portal home',
  component: 'engage-portal-home',
  tags: ['autodocs'],
  args: { patient: HOME_PATIENT, user: HOME_PATIENT, 'user-name': 'Grace Hopper', 'user-role': 'patient', 'messages-href': '#messages', 'heading-level': 2 },
  argTypes: {
    adapter: { control: false },
    makeAdapter: { control: false },
    'user-role': { control: 'inline-radio', options: ['patient', 'caregiver'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
    'heading-level': { control: { type: 'number', min: 1, max: 6 } },
  },
  render: (args) =>
    inProvider(
      { ...args, adapter: args.adapter ?? (args.makeAdapter ?? (() => portalHomeAdapter()))() },
      html`<engage-portal-home messages-href=${args['messages-href'] ?? '#messages'} heading-level=${args['heading-level'] ?? 2}></engage-portal-home>`,
    ),
};
export default meta;

type Story = StoryObj<Args>;

/** Waiting for the ports to answer. */
export const Loading: Story = { args: { makeAdapter: () => portalHomeAdapter({ loading: true }) } };

/**
 * Something waits on every card: a reply from her doctor not read yet, a refill request being
 * worked on, vaccines and screenings due, a checkup booked, a handout not opened.
 */
export const SomethingOnEveryCard: Story = {};

/**
 * The state registry has no record for Grace: no forecast can be made, so the Vaccines card
 * asks her to have the record checked instead of counting vaccines as due.
 */
export const VaccineRecordToCheck: Story = { args: { makeAdapter: () => portalHomeAdapter({ notInRegistry: true }) } };

/** An adapter with no scheduling and no education port: those cards say they are not offered here. */
export const SomeNotOffered: Story = { args: { makeAdapter: () => portalHomeAdapter({ withoutVisitsAndReading: true }) } };

/** Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };

/** Reflow at 320 px. */
export const Narrow: Story = { args: { width: 320 } };
