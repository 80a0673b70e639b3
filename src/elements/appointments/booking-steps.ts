/**
 * The booking flow's state, and its pick steps as <engage-appointments> shows them: the
 * calendar of days with open times (calendar-grid.ts), the times of the day picked, and
 * the review — or, when the time was just taken, the nearest open times with every other
 * choice kept. The element owns the flow and the writes; these functions only show them.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';
import type { Appointment, Slot, VisitType } from '../../adapters/ports.js';
import { isEngageError } from '../../core/errors.js';
import { errorText } from '../../core/states.js';
import { icon, iconWarning } from '../../core/icons.js';
import { addDays } from '../../core/calendar-date.js';
import { dateIn } from '../../core/zoned-time.js';
import { longDate, timeIn } from './appointment-time.js';
import { renderCalendar } from './calendar-grid.js';

/** The clinician choice "first available". */
export const FIRST_AVAILABLE = '';

export type Step = 'type' | 'clinician' | 'location' | 'date' | 'time' | 'review' | 'request';

/** Where the patient is in booking, and every choice made so far. */
export interface Flow {
  step: Step;
  type?: VisitType;
  clinician: string;
  location: string;
  date?: string;
  focused?: string;
  slot?: Slot;
  /** The appointment being moved (reschedule). */
  moving?: Appointment;
  /** Times offered after the chosen one was just taken. */
  taken?: Slot[];
  days: string[];
  times: string[];
  note: string;
  busy?: boolean;
  error?: unknown;
}

/** What the pick steps need from their element. */
export interface PickHost {
  locale: string;
  /** The clinic's clock. */
  now: Date;
  /** The viewer's zone. */
  ownZone: string;
  /** How many days ahead the calendar offers. */
  daysAhead: number;
  /** The clinic's time, labelled, and the viewer's when different. */
  when: (start: string, zone: string) => TemplateResult;
  /** Changes the flow and moves focus (default: the step heading). */
  go: (change: Partial<Flow>, focus?: string) => void;
  /** Moves the calendar's tab stop. */
  focusDay: (date: string) => void;
  book: () => void;
}

/**
 * The calendar date of a slot in its clinic's zone; a slot with none (a video visit) is on the
 * viewer's day, as its time is shown (it was put on UTC's day: 19:00 in New York on the next).
 */
export function slotDate(slot: Slot, ownZone: string): string {
  return dateIn(slot.start, slot.location?.timeZone ?? ownZone);
}

/** The day, time and review steps. */
export function renderPick(
  flow: Flow,
  slots: Slot[],
  heading: (text: string) => TemplateResult,
  back: (step: Step | undefined) => TemplateResult,
  host: PickHost,
): TemplateResult {
  const { locale } = host;
  const open = new Set(slots.map((s) => slotDate(s, host.ownZone)));
  const today = dateIn(host.now, slots[0]?.location?.timeZone ?? host.ownZone);
  const first = today;
  const last = addDays(today, host.daysAhead);
  const focused = flow.focused ?? flow.date ?? [...open].sort()[0] ?? today;
  if (flow.step === 'date') {
    return html`${heading(flow.moving ? msg('Pick a new day', { id: 'appointments.step.new-date' }) : msg('Pick a day', { id: 'appointments.step.date' }))}
      ${open.size
        ? renderCalendar({
            month: focused.slice(0, 7),
            focused,
            selected: flow.date,
            open,
            first,
            last,
            locale,
            label: msg('Days with open times', { id: 'appointments.calendar' }),
            onFocus: (date) => host.focusDay(date),
            onPick: (date) => host.go({ date, focused: date, step: 'time' }, '#step-heading'),
          })
        : html`<p class="state" part="state">${msg(str`No open times in the next ${host.daysAhead} days. Please call the clinic.`, { id: 'appointments.no-slots' })}</p>`}
      <div class="actions">${back(flow.moving ? undefined : 'location')}</div>`;
  }
  if (flow.step === 'time') {
    const times = slots.filter((s) => slotDate(s, host.ownZone) === flow.date);
    return html`${heading(msg(str`Times on ${longDate(flow.date!, locale)}`, { id: 'appointments.step.time' }))}
      ${renderSlots(times, flow, host)}
      <div class="actions">${back('date')}</div>`;
  }
  const slot = flow.slot!;
  const zone = slot.location?.timeZone ?? host.ownZone;
  return html`${heading(msg('Check and book', { id: 'appointments.step.review' }))}
    ${flow.taken
      ? html`<div class="alert" role="alert" id="taken" tabindex="-1">
          <p>${icon(iconWarning)}${msg('Sorry, someone just booked that time. Here are the closest open times:', { id: 'appointments.taken' })}</p>
          ${flow.taken.length
            ? renderSlots(flow.taken, flow, host)
            : html`<p>${msg('No other open times are close. Please pick another day.', { id: 'appointments.taken-none' })}</p>`}
        </div>`
      : html`<dl class="review">
          <div><dt>${msg('Visit', { id: 'appointments.visit' })}</dt><dd>${flow.type!.name}</dd></div>
          <div><dt>${msg('When', { id: 'appointments.when' })}</dt><dd>${host.when(slot.start, zone)}</dd></div>
          ${slot.clinician ? html`<div><dt>${msg('With', { id: 'appointments.with' })}</dt><dd>${slot.clinician.name}</dd></div>` : nothing}
          ${slot.location ? html`<div><dt>${msg('Where', { id: 'appointments.where' })}</dt><dd>${slot.location.name}</dd></div>` : nothing}
        </dl>`}
    ${flow.error
      ? html`<p class="alert" role="alert" id="book-error" tabindex="-1">${icon(iconWarning)}${msg('The visit was not booked.', { id: 'appointments.book-failed' })}
          ${isEngageError(flow.error) && flow.error.code === 'conflict'
            ? msg('An earlier try booked a visit, and it was cancelled or moved since. Check your visits. To book this time, press the button again.', { id: 'appointments.book-conflict' })
            : errorText(isEngageError(flow.error) ? flow.error.code : 'server')}</p>`
      : nothing}
    <div class="actions">
      ${flow.taken
        ? nothing
        : html`<button type="button" class="primary" id="confirm" aria-disabled=${flow.busy ? 'true' : 'false'} @click=${() => host.book()}>
            ${flow.busy
              ? msg('Booking…', { id: 'appointments.booking' })
              : flow.moving
                ? msg('Move my visit to this time', { id: 'appointments.confirm-move' })
                : msg('Book this visit', { id: 'appointments.confirm' })}
          </button>`}
      ${back('date')}
    </div>`;
}

function renderSlots(slots: Slot[], flow: Flow, host: PickHost): TemplateResult {
  const { locale } = host;
  return html`<ul class="times">
    ${slots.map((s) => {
      const zone = s.location?.timeZone ?? host.ownZone;
      const other = flow.taken ? `${longDate(slotDate(s, host.ownZone), locale)}, ` : '';
      return html`<li>
        <button type="button" @click=${() => host.go({ slot: s, date: slotDate(s, host.ownZone), step: 'review', taken: undefined, error: undefined })}>
          ${other}${timeIn(s.start, zone, locale)}${flow.clinician === FIRST_AVAILABLE && s.clinician ? ` · ${s.clinician.name}` : ''}${s.location && !flow.location ? ` · ${s.location.name}` : ''}
        </button>
      </li>`;
    })}
  </ul>`;
}
