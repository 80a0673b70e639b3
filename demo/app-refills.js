// @ts-check
/**
 * The Refills tab of the host page (demo/app.js): which of the two refill elements shows
 * for the role the session sets.
 */
import { state, byId } from './app-state.js';

// Refills: the patient asks for refills; the clinician reviews the clinic's queue. Each
// side reloads when shown, so a decision made in one role shows in the other.

const refillRequest = byId('refill-request');
const refillQueue = byId('refill-queue');
/** @type {string | undefined} */
let refillRoleShown;

export function applyRefillRole() {
  const clinician = state.role === 'clinician';
  refillRequest.hidden = clinician;
  refillQueue.hidden = !clinician;
  if (refillRoleShown !== undefined && refillRoleShown !== state.role) {
    void (/** @type {any} */ (clinician ? refillQueue : refillRequest)).refresh?.();
  }
  refillRoleShown = state.role;
}
