import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/learn-more/learn-more.js';
import type { CodedValue, EngageAdapter, InfobuttonResult, KnowledgePort } from '../src/adapters/ports.js';
import { inProvider, type ProviderArgs } from './decorators.js';

type Args = ProviderArgs & { coded?: CodedValue; open?: boolean };

/** A knowledge port that always answers `result` (stories only; a real one is `createKnowledgePort()`). */
const answering = (result: InfobuttonResult | 'never'): EngageAdapter => ({
  knowledge: { lookup: () => (result === 'never' ? new Promise(() => undefined) : Promise.resolve(result)) } satisfies KnowledgePort,
});

const found: InfobuttonResult = {
  status: 'found',
  entries: [
    {
      title: 'Blood sugar and diabetes (demo)',
      summaryHtml: '<p>Your body turns food into sugar for energy. <strong>Demo content</strong>, not medical advice.</p>',
      url: 'https://example.org/demo/blood-sugar',
    },
  ],
};

const meta: Meta<Args> = {
  title: 'Elements/Learn more (infobutton)',
  component: 'engage-learn-more',
  tags: ['autodocs'],
  args: {
    adapter: answering(found),
    patient: 'Patient/demo',
    'user-role': 'patient',
    coded: { text: 'Type 2 diabetes', codings: [{ system: 'http://snomed.info/sct', code: '44054006' }] },
    open: false,
  },
  argTypes: { adapter: { control: false }, locale: { control: 'inline-radio', options: ['en', 'es'] } },
  render: (args) => inProvider(args, html`<engage-learn-more .coded=${args.coded} ?open=${args.open}></engage-learn-more>`),
};
export default meta;

type Story = StoryObj<Args>;

/** The button alone, closed. */
export const Closed: Story = {};

/** Open, with information found. */
export const Found: Story = { args: { open: true } };

/** In Spanish. */
export const Spanish: Story = { args: { open: true, locale: 'es' } };

/** The service has nothing for this code. */
export const NoneFound: Story = { args: { open: true, adapter: answering({ status: 'none-found' }) } };

/** The service is down or too slow: the rest of the page still works. */
export const Unavailable: Story = { args: { open: true, adapter: answering({ status: 'unavailable', reason: 'network' }) } };

/** Waiting for the service. */
export const Loading: Story = { args: { open: true, adapter: answering('never') } };

/** On a phone-sized screen (320 px). */
export const Narrow: Story = { args: { open: true, width: 320 } };
