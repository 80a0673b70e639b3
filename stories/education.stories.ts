import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/education/education.js';
import { createMemoryAdapter } from '../src/adapters/memory/index.js';
import type { AssignedMaterial } from '../src/adapters/ports.js';
import { inProvider, STORY_NOW, type ProviderArgs } from './decorators.js';
import { whenShown } from './data/story-wait.js';

type Args = ProviderArgs & { headingLevel?: number };

const PATIENT = 'Patient/demo';
/** A one-page demo PDF made for these stories (607 bytes: "Demo handout: using your inhaler"). */
const DEMO_PDF =
  'JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCA2MTIgNzkyXSAvQ29udGVudHMgNCAwIFIgL1Jlc291cmNlcyA8PCAvRm9udCA8PCAvRjEgNSAwIFIgPj4gPj4gPj4KZW5kb2JqCjQgMCBvYmoKPDwgL0xlbmd0aCA2MyA+PgpzdHJlYW0KQlQgL0YxIDE4IFRmIDcyIDcyMCBUZCAoRGVtbyBoYW5kb3V0OiB1c2luZyB5b3VyIGluaGFsZXIpIFRqIEVUCmVuZHN0cmVhbQplbmRvYmoKNSAwIG9iago8PCAvVHlwZSAvRm9udCAvU3VidHlwZSAvVHlwZTEgL0Jhc2VGb250IC9IZWx2ZXRpY2EgPj4KZW5kb2JqCnhyZWYKMCA2CjAwMDAwMDAwMDAgNjU1MzUgZiAKMDAwMDAwMDAwOSAwMDAwMCBuIAowMDAwMDAwMDU4IDAwMDAwIG4gCjAwMDAwMDAxMTUgMDAwMDAgbiAKMDAwMDAwMDI0MSAwMDAwMCBuIAowMDAwMDAwMzU0IDAwMDAwIG4gCnRyYWlsZXIKPDwgL1NpemUgNiAvUm9vdCAxIDAgUiA+PgpzdGFydHhyZWYKNDI0CiUlRU9GCg==';
const demoPdfBytes = () => Uint8Array.from(atob(DEMO_PDF), (c) => c.charCodeAt(0));

const materials: AssignedMaterial[] = [
  { id: 'a', patient: PATIENT, title: 'Walking plan', url: 'https://example.org/demo/walking', reason: 'For your blood pressure', assignedBy: 'Dr. Ana Ruiz', assigned: '2024-06-01T10:00:00Z' },
  { id: 'b', patient: PATIENT, title: 'Inhaler steps', attachment: { contentType: 'application/pdf', url: 'https://example.org/demo/inhaler.pdf' }, assigned: '2024-06-10T10:00:00Z', readAt: '2024-06-11T08:00:00Z' },
  { id: 'd', patient: PATIENT, title: 'Using your inhaler', attachment: { contentType: 'application/pdf', data: DEMO_PDF, title: 'inhaler.pdf', size: demoPdfBytes().length }, reason: 'For your asthma', assignedBy: 'Dr. Ana Ruiz', assigned: '2024-06-12T10:00:00Z' },
  { id: 'c', patient: 'Patient/other', title: 'Healthy eating', url: 'https://example.org/demo/eating', assigned: '2024-06-05T10:00:00Z' },
];
const adapter = createMemoryAdapter({ education: { materials, assignedBy: 'Dr. Ana Ruiz', now: STORY_NOW } });

const meta: Meta<Args> = {
  title: 'Elements/Education',
  component: 'engage-education',
  tags: ['autodocs'],
  args: { adapter, patient: PATIENT, 'user-role': 'patient', headingLevel: 2 },
  argTypes: {
    adapter: { control: false },
    'user-role': { control: 'inline-radio', options: ['patient', 'caregiver', 'clinician'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  render: (args) => inProvider(args, html`<engage-education heading-level=${args.headingLevel ?? 2}></engage-education>`),
};
export default meta;

type Story = StoryObj<Args>;

/** The patient's assigned materials: a link and an uploaded PDF (new, with "Open PDF"), and a read one. */
export const Patient: Story = {};

/** The clinician: read states, the assign form and the count of patients educated. */
export const Clinician: Story = { args: { 'user-role': 'clinician' } };

/**
 * The clinician has chosen a PDF to assign: its name and size show with a Remove button.
 * The story chooses the file itself, as the user would through the file picker.
 */
export const AssignWithPdf: Story = {
  args: { 'user-role': 'clinician' },
  render: (args) =>
    inProvider(
      args,
      html`<engage-education heading-level=${args.headingLevel ?? 2} ${ref((el) => void choosePdf(el))}></engage-education>`,
    ),
};

/** Puts the demo PDF into the element's file field once it is there, and fires `change`. */
async function choosePdf(el: Element | undefined): Promise<void> {
  const input = el && (await whenShown(el, () => el.shadowRoot?.querySelector<HTMLInputElement>('input[type="file"]')));
  if (!input) return;
  const transfer = new DataTransfer();
  transfer.items.add(new File([demoPdfBytes()], 'inhaler-steps.pdf', { type: 'application/pdf' }));
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** In Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };

/** Nothing assigned yet. */
export const Empty: Story = { args: { patient: 'Patient/nobody' } };

/** On a phone-sized screen (320 px), as a clinician. */
export const Narrow: Story = { args: { width: 320, 'user-role': 'clinician' } };

/** Waiting for the server. */
export const Loading: Story = { args: { adapter: createMemoryAdapter({ latencyMs: Infinity }) } };

/** The server failed; the user can try again. */
export const ServerError: Story = { args: { adapter: createMemoryAdapter({ failWith: 'server' }) } };

/** The host gave no adapter with an education port. */
export const NotConfigured: Story = { args: { adapter: {} } };
