/**
 * Orders every scheduling adapter shares, so the FHIR and memory adapters answer alike:
 * the alternatives offered when a slot was just taken, and a patient's list order.
 */
import { isUpcoming, type Appointment, type Slot } from './ports.js';

/** How many alternatives a "just taken" answer carries. */
export const ALTERNATIVES = 5;

/**
 * The nearest open slots to `taken` among `open` (same visit type), nearest first: what a
 * patient whose time was just taken is offered, both adapters alike.
 */
export function nearestSlots(taken: Pick<Slot, 'start'>, open: readonly Slot[], count = ALTERNATIVES): Slot[] {
  const at = Date.parse(taken.start);
  return [...open]
    .sort((a, b) => Math.abs(Date.parse(a.start) - at) - Math.abs(Date.parse(b.start) - at) || Date.parse(a.start) - Date.parse(b.start))
    .slice(0, count)
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/**
 * A patient's list order, both adapters alike: open requests and upcoming visits first
 * (earliest first), then past and cancelled ones (latest first).
 */
export function sortAppointments(list: readonly Appointment[], now: Date): Appointment[] {
  const upcoming = (a: Appointment) => isUpcoming(a, now.getTime());
  const at = (a: Appointment) => Date.parse(a.start ?? a.created ?? '') || 0;
  return [...list].sort((a, b) => {
    const ua = upcoming(a);
    const ub = upcoming(b);
    if (ua !== ub) return ua ? -1 : 1;
    return ua ? at(a) - at(b) : at(b) - at(a);
  });
}
