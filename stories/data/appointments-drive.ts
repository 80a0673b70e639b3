/**
 * Drives <engage-appointments> through its own buttons to a later state for a story: a
 * step of the booking flow, a time just taken, a failed save, the request form, a move or
 * a cancel waiting for its confirmation. Only clicks and typing, as a patient would, so
 * each story shows real element state over the memory adapter, in either language (the
 * driver finds controls by their place, never by their words).
 */
import type { EngageAdapter } from '../../src/adapters/ports.js';
import { whenShown } from './story-wait.js';

/** The states a story can ask for. */
export type AppointmentsDrive =
  | 'type'
  | 'clinician'
  | 'location'
  | 'date'
  | 'time'
  | 'review'
  | 'book'
  | 'taken'
  | 'request'
  | 'send-request'
  | 'reschedule'
  | 'cancel';

type Host = Element & { updateComplete: Promise<unknown> };

/** {@link whenShown} for `find` in the element's shadow root. */
const until = <T>(element: Host, find: (root: ShadowRoot) => T | null | undefined): Promise<T | undefined> =>
  whenShown(element, () => element.shadowRoot && find(element.shadowRoot));

/** Clicks what `find` finds, once it is there, and lets the element render. */
async function press(element: Host, find: (root: ShadowRoot) => HTMLElement | null | undefined): Promise<boolean> {
  const target = await until(element, find);
  if (!target) return false;
  target.click();
  await element.updateComplete;
  return true;
}

/** The n-th (0-based) choice button of the step shown. */
const choice = (n: number) => (root: ShadowRoot) => root.querySelectorAll<HTMLButtonElement>('ul.choices button')[n];

/**
 * Books the slot the review step shows for another patient, through the same adapter, as
 * someone quicker would: the earliest open checkup with the clinician and place chosen
 * (the driver always picks the first open day and its first time).
 */
async function takeFirstSlot(adapter: EngageAdapter): Promise<void> {
  const port = adapter.scheduling!;
  const [type] = await port.visitTypes();
  const clinician = type!.clinicians[0]!.ref;
  const location = type!.locations[0]!.ref;
  const now = Date.now();
  const from = new Date(now - 3650 * 24 * 3600_000).toISOString();
  const to = new Date(now + 3650 * 24 * 3600_000).toISOString();
  const [first] = await port.slots({ visitType: type!.id, from, to, clinician, location });
  if (!first) return;
  // another patient than the story's (APPOINTMENT_PATIENT)
  await port.book('Patient/story-quick', { slotId: first.id, visitType: type!.id }, { idempotencyKey: `story-quick-${first.id}` });
}

/** Clicks through the element to `until`. `adapter` is the story's own (for "just taken"). */
export async function driveAppointments(element: Element | undefined, to: AppointmentsDrive, adapter: EngageAdapter): Promise<void> {
  if (!element) return;
  const el = element as Host;
  if (to === 'reschedule' || to === 'cancel') {
    // the booked visit's actions: add to calendar, change time, cancel visit
    const action = (n: number) => (root: ShadowRoot) => root.querySelectorAll<HTMLButtonElement>('#appointment-story-booked .actions button')[n];
    if (to === 'cancel') {
      await press(el, action(2));
      return;
    }
    if (!(await press(el, action(1)))) return;
    if (!(await press(el, (root) => root.querySelector<HTMLElement>('td.open')))) return;
    await press(el, (root) => root.querySelector<HTMLButtonElement>('ul.times button'));
    return;
  }
  if (!(await press(el, (root) => root.querySelector<HTMLButtonElement>('#book')))) return;
  // the visit types once loaded: the checkup (booked online), the consult (by request)
  await until(el, choice(1));
  if (to === 'type') return;
  if (to === 'request' || to === 'send-request') {
    if (!(await press(el, choice(1)))) return;
    const boxes = await until(el, (root) => {
      const list = root.querySelectorAll<HTMLInputElement>('input[type="checkbox"]');
      return list.length ? list : undefined;
    });
    // Tuesday, Thursday, morning
    for (const n of [1, 3, 5]) {
      boxes?.[n]?.click();
      await el.updateComplete;
    }
    const note = el.shadowRoot?.querySelector<HTMLTextAreaElement>('#note');
    if (note) {
      note.value = 'My knee hurts on stairs.';
      note.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      await el.updateComplete;
    }
    if (to === 'send-request') await press(el, (root) => root.querySelector<HTMLButtonElement>('.actions button.primary'));
    return;
  }
  if (!(await press(el, choice(0))) || to === 'clinician') return;
  // Dr. Ana Lee (the first choice is "first available")
  if (!(await press(el, choice(1))) || to === 'location') return;
  // Harbor Family Clinic (the first choice is "any location")
  if (!(await press(el, choice(1)))) return;
  if (!(await until(el, (root) => root.querySelector('td.open'))) || to === 'date') return;
  if (!(await press(el, (root) => root.querySelector<HTMLElement>('td.open')))) return;
  if (to === 'time') return;
  if (!(await press(el, (root) => root.querySelector<HTMLButtonElement>('ul.times button')))) return;
  if (to === 'review') return;
  if (to === 'taken') await takeFirstSlot(adapter);
  await press(el, (root) => root.querySelector<HTMLButtonElement>('#confirm'));
}
