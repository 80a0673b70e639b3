/**
 * Mounting and driving <engage-appointments> over the memory port on the world of
 * scheduling-world.ts: shared by the booking and the proposals tests.
 */
import { fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/appointments/appointments.js';
import type { EngageAppointments } from '../../src/elements/appointments/appointments.component.js';
import { MemorySchedulingPort } from '../../src/adapters/memory/scheduling.js';
import { settled, waitFor } from './helpers.js';
import { buildMemoryWorld, WORLD_NOW } from './scheduling-world.js';

export const PATIENT = 'Patient/ada';
export const root = (el: EngageAppointments) => el.shadowRoot!;
export const buttonByText = (el: EngageAppointments, text: string) =>
  [...root(el).querySelectorAll('button')].find((b) => (b.textContent ?? '').replace(/\s+/g, ' ').includes(text));

export async function click(el: EngageAppointments, text: string): Promise<void> {
  const button = await waitFor(() => buttonByText(el, text), `button "${text}"`);
  button.click();
  await settled(el);
}

/** Mounts the element over `port` (a fresh world's when not given), the clinic's clock at `now`. */
export async function setup(options: { now?: Date; lang?: string; port?: MemorySchedulingPort; adapter?: Record<string, unknown> } = {}) {
  const now = options.now ?? WORLD_NOW;
  const { options: world, built } = buildMemoryWorld();
  const port = options.port ?? new MemorySchedulingPort({ ...world, now: () => now });
  const el = await mount<EngageAppointments>(
    html`<engage-appointments
      lang=${options.lang ?? 'en'}
      .adapter=${{ scheduling: port, ...options.adapter }}
      .session=${{ patient: PATIENT, now: () => now, ...(options.lang ? { locale: options.lang } : {}) }}
    ></engage-appointments>`,
  );
  await waitFor(() => buttonByText(el, options.lang === 'es' ? 'Pedir una visita' : 'Book a visit'), 'the list');
  return { el, port, built };
}

export const announced = (el: EngageAppointments) => root(el).querySelector('[role="status"]')!.textContent!.trim();
