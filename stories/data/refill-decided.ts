/**
 * Plays the refill story "answered before the retry" (docs/refill-requests.md, "A request
 * decided before the retry") on <engage-refill-request> over the memory adapter: the patient
 * asks for lisinopril with a note; the port stores the request and the answer is lost (the
 * memory port's `loseAnswers`, as a dropped connection); the care team denies the stored
 * request through the same port; the patient goes back, adds to the note and sends again.
 * The port refuses the edited retry (`conflict`) and the element shows its notice. Only
 * clicks and typing on the element, found by id and part (never by words, so it plays in
 * either language); the lost answer and the denial are the adapter's own behaviour.
 */
import type { EngageAdapter } from '../../src/adapters/ports.js';
import { MemoryRefillPort } from '../../src/adapters/memory/index.js';
import { whenShown } from './story-wait.js';

/** The prescription the patient asks for (ready to refill in the stories' data). */
export const RETRIED_PRESCRIPTION = 'rx-lisinopril';
/** The note of the first send, the one the care team decided on. */
export const FIRST_NOTE = 'Running low.';
/** The note after the patient edited it, sent with the retry. */
export const RETRY_NOTE = 'Running low. I can come in on Friday.';
/** Why the care team denied the request. */
export const CARE_TEAM_REASON = 'Please book a visit so we can check your blood pressure first.';

type Host = Element & { updateComplete: Promise<unknown> };

/** Clicks what `find` finds in the element, once it is there, and lets the element render. */
async function press(element: Host, find: (root: ShadowRoot) => HTMLElement | null | undefined): Promise<boolean> {
  const target = await whenShown(element, () => element.shadowRoot && find(element.shadowRoot));
  if (!target) return false;
  target.click();
  await element.updateComplete;
  return true;
}

/** Types `text` into the note, as a patient would. */
async function writeNote(element: Host, text: string): Promise<void> {
  const note = element.shadowRoot?.querySelector<HTMLTextAreaElement>('#note');
  if (!note) return;
  note.value = text;
  note.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await element.updateComplete;
}

/** Plays the story on `element`, over the story's memory `adapter`; stops where it is when a step does not come. */
export async function playAnsweredBeforeRetry(element: Element | null, adapter: EngageAdapter | undefined): Promise<void> {
  const port = adapter?.refills;
  if (!element || !(port instanceof MemoryRefillPort)) return;
  const el = element as Host;
  if (!(await press(el, (root) => root.querySelector<HTMLInputElement>(`#rx-${RETRIED_PRESCRIPTION}`)))) return;
  await writeNote(el, FIRST_NOTE);
  if (!(await press(el, (root) => root.querySelector<HTMLButtonElement>('[part~="review-button"]')))) return;
  // the server stores the request, and its answer never reaches the patient
  port.loseAnswers(1);
  if (!(await press(el, (root) => root.querySelector<HTMLButtonElement>('[part~="send-button"]')))) return;
  if (!(await whenShown(el, () => el.shadowRoot?.querySelector('#submit-error')))) return;
  // before the patient tries again, the care team denies the request that was stored
  const stored = port.allRequests.find((r) => r.prescriptionId === RETRIED_PRESCRIPTION && r.status === 'requested');
  if (!stored) return;
  await port.reviewRequest(stored.id, { action: 'deny', reason: CARE_TEAM_REASON }, { idempotencyKey: `story-care-team-${stored.id}` });
  // the patient changes the note and sends again: the retry of a request already decided
  if (!(await press(el, (root) => root.querySelector<HTMLButtonElement>('[part~="back-button"]')))) return;
  await writeNote(el, RETRY_NOTE);
  if (!(await press(el, (root) => root.querySelector<HTMLButtonElement>('[part~="review-button"]')))) return;
  if (!(await press(el, (root) => root.querySelector<HTMLButtonElement>('[part~="send-button"]')))) return;
  await whenShown(el, () => el.shadowRoot?.querySelector('#decided-notice'));
}
