import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/refill-queue/refill-queue.js';
import { createMemoryAdapter } from '../src/adapters/memory/index.js';
import type { EngageAdapter } from '../src/adapters/ports.js';
import { inProvider, type ProviderArgs } from './decorators.js';
import { queueData } from './data/refills.js';

type Args = ProviderArgs & { makeAdapter?: () => EngageAdapter };

const meta: Meta<Args> = {
  title: 'Elements/Refill review queue',
  component: 'engage-refill-queue',
  tags: ['autodocs'],
  args: { 'user-role': 'clinician', patient: '' },
  argTypes: {
    adapter: { control: false },
    makeAdapter: { control: false },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  render: (args) =>
    inProvider(
      { ...args, adapter: args.adapter ?? (args.makeAdapter ?? (() => createMemoryAdapter({ refills: queueData() })))() },
      html`<engage-refill-queue></engage-refill-queue>`,
    ),
};
export default meta;

type Story = StoryObj<Args>;

/** The clinic's queue: requests from several patients with last fill, refills used and notes. */
export const ClinicianQueue: Story = {};

/** A request whose original prescription was stopped since: the reviewer is warned before approving more. */
export const OriginalStopped: Story = { args: { makeAdapter: () => createMemoryAdapter({ refills: queueData('stopped') }) } };

/** Nothing waiting. */
export const EmptyQueue: Story = { args: { makeAdapter: () => createMemoryAdapter({ refills: {} }) } };

/** In Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };

/** Dark theme. */
export const Dark: Story = { args: { theme: 'dark' } };

/** On a phone-sized screen (320 px). */
export const Narrow: Story = { args: { width: 320 } };

/** Waiting for the server. */
export const Loading: Story = { args: { makeAdapter: () => createMemoryAdapter({ refills: queueData(), latencyMs: Infinity }) } };

/** The server failed. */
export const ServerError: Story = { args: { makeAdapter: () => createMemoryAdapter({ refills: queueData(), failWith: 'server' }) } };

/** A busy clinic: 120 pending requests, shown 25 at a time behind "Show more requests". */
export const LongQueue: Story = {
  args: {
    makeAdapter: () => {
      const data = queueData();
      const pending = data.requests!.filter((request) => request.status === 'requested');
      const requests = Array.from({ length: 120 }, (_, i) => {
        const template = pending[i % pending.length]!;
        const minutes = String(i % 60).padStart(2, '0');
        return { ...template, id: `req-long-${i}`, created: `2024-06-${String(1 + (i % 14)).padStart(2, '0')}T09:${minutes}:00-04:00` };
      });
      return createMemoryAdapter({ refills: { ...data, requests } });
    },
  },
};

/** The host gave no adapter with a refills port. */
export const NotConfigured: Story = { args: { makeAdapter: () => ({}) } };
