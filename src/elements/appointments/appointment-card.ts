/**
 * One visit in the list of <engage-appointments>: its time (the clinic's, and the
 * viewer's when different), place, instructions, status and the actions it allows —
 * add to calendar, change, cancel (or "please call" inside the clinic's window), withdraw
 * a request, answer the times a clinic proposed, and fill in the pre-visit questionnaire; a
 * request or a time not yet confirmed says whose answer it waits for. A template function, not an element:
 * the element owns every state and write; this file only shows them.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';
import type { Appointment, AppointmentStatus, Slot } from '../../adapters/ports.js';
import { isEngageError } from '../../core/errors.js';
import { errorText } from '../../core/states.js';
import { icon, type Icon, iconCalendar, iconCheck, iconCross, iconPending, iconWarning } from '../../core/icons.js';
import { chip, type ChipTone } from '../../core/chips.js';
import { dateTimeIn } from './appointment-time.js';

/** How long before the start a video link shows. */
const VIDEO_LEAD_MS = 15 * 60_000;

/** What a card needs from its element. */
export interface CardView {
  /** The clinic's clock. */
  now: number;
  locale: string;
  /** The viewer's zone (a location without one is read in it). */
  ownZone: string;
  /** The clinic's time, labelled, and the viewer's when different. */
  when: (start: string, zone: string) => TemplateResult;
  /** The appointment whose cancel button asks "are you sure". */
  confirmCancel?: string;
  /** A write on this card that failed. */
  failed?: { id: string; error: unknown };
  /** The request whose "none of these work" note is open, and its text. */
  declining?: { id: string; note: string };
  /** A write on this card is running. */
  busy?: string;
  /** The appointment whose pre-visit questionnaire is open. */
  questionnaireFor?: string;
  /** Opens or closes an appointment's questionnaire. */
  toggleQuestionnaire: (a: Appointment) => void;
  /** The questionnaire itself (the element loads it on demand). */
  questionnaire: (a: Appointment) => TemplateResult;
  download: (a: Appointment) => void;
  reschedule: (a: Appointment) => void;
  askCancel: (a: Appointment | undefined) => void;
  cancel: (a: Appointment) => void;
  accept: (a: Appointment, slot: Slot) => void;
  openDecline: (a: Appointment | undefined) => void;
  editDeclineNote: (note: string) => void;
  decline: (a: Appointment) => void;
}

/** The chip of each status (tone and icon beside its words). */
const STATUS_CHIP: Record<AppointmentStatus, [ChipTone, Icon]> = {
  requested: ['info', iconPending],
  proposed: ['warning', iconCalendar],
  pending: ['info', iconPending],
  booked: ['success', iconCalendar],
  arrived: ['success', iconCheck],
  fulfilled: ['neutral', iconCheck],
  cancelled: ['neutral', iconCross],
  declined: ['danger', iconCross],
  noshow: ['danger', iconWarning],
};

/** Whether the patient's own answer is what a request or an unconfirmed time waits for. */
const awaitsPatient = (a: Pick<Appointment, 'status' | 'awaiting'>) => (a.status === 'requested' || a.status === 'pending') && a.awaiting === 'patient';

/** The status in the patient's words (a request or an unconfirmed time: whose answer it waits for). */
export function statusWord(a: Pick<Appointment, 'status' | 'awaiting'>): string {
  if (awaitsPatient(a)) return msg('Waiting for your answer', { id: 'appointments.status.awaiting-you' });
  switch (a.status) {
    case 'requested':
      return msg('Waiting for the clinic', { id: 'appointments.status.requested' });
    case 'proposed':
      return msg('The clinic offered times', { id: 'appointments.status.proposed' });
    case 'pending':
      return msg('Not confirmed yet', { id: 'appointments.status.pending' });
    case 'booked':
      return msg('Booked', { id: 'appointments.status.booked' });
    case 'arrived':
      return msg('Checked in', { id: 'appointments.status.arrived' });
    case 'fulfilled':
      return msg('Done', { id: 'appointments.status.fulfilled' });
    case 'cancelled':
      return msg('Cancelled', { id: 'appointments.status.cancelled' });
    case 'declined':
      return msg('Not accepted', { id: 'appointments.status.declined' });
    case 'noshow':
      return msg('Missed', { id: 'appointments.status.noshow' });
  }
}

/** The times a clinic proposed, each one button that books it, and "none of these work". */
function renderProposals(a: Appointment, view: CardView): TemplateResult {
  const proposals = a.proposals ?? [];
  const busy = view.busy === a.id;
  const declining = view.declining?.id === a.id;
  return html`<div class="proposals" role="group" aria-labelledby=${`offer-${a.id}`}>
    <p id=${`offer-${a.id}`}>
      ${proposals.length
        ? msg('The clinic offered these times. Pick one to book it:', { id: 'appointments.offered' })
        : msg('The times the clinic offered have been taken. Ask for other times.', { id: 'appointments.offered-gone' })}
    </p>
    <ul class="times">
      ${proposals.map(
        (slot) => html`<li>
          <button type="button" class="proposal" data-slot=${slot.id} aria-disabled=${busy ? 'true' : 'false'} @click=${() => !busy && view.accept(a, slot)}>
            ${dateTimeIn(slot.start, slot.location?.timeZone ?? view.ownZone, view.locale)}${slot.clinician ? ` · ${slot.clinician.name}` : ''}${slot.location
              ? ` · ${slot.location.name}`
              : ''}
          </button>
        </li>`,
      )}
    </ul>
    ${declining
      ? html`<label for=${`decline-note-${a.id}`}>${msg('What would work better? (optional)', { id: 'appointments.decline-note' })}</label>
          <textarea
            id=${`decline-note-${a.id}`}
            maxlength="500"
            .value=${view.declining!.note}
            @input=${(e: Event) => view.editDeclineNote((e.target as HTMLTextAreaElement).value)}
          ></textarea>
          <div class="actions">
            <button type="button" class="primary" id=${`decline-send-${a.id}`} aria-disabled=${busy ? 'true' : 'false'} @click=${() => !busy && view.decline(a)}>
              ${msg('Ask for other times', { id: 'appointments.decline-send' })}
            </button>
            <button type="button" @click=${() => view.openDecline(undefined)}>${msg('Back', { id: 'appointments.back' })}</button>
          </div>`
      : html`<div class="actions">
          <button type="button" id=${`decline-${a.id}`} @click=${() => view.openDecline(a)}>${msg('None of these work', { id: 'appointments.decline' })}</button>
        </div>`}
  </div>`;
}

/** One visit. */
export function renderAppointment(a: Appointment, level: number, view: CardView): TemplateResult {
  const { now } = view;
  const busy = view.busy === a.id;
  const zone = a.location?.timeZone ?? view.ownZone;
  const start = a.start ? Date.parse(a.start) : undefined;
  const inWindow = start !== undefined && a.cancelWindowHours !== undefined && start - now < a.cancelWindowHours * 3600_000;
  const changeable = a.status === 'booked' && start !== undefined && start > now;
  // a time not yet confirmed can be called off, not moved, put in a calendar or answered here
  const cancellable = (changeable || a.status === 'pending') && start !== undefined && start > now;
  const [tone, statusIcon] = awaitsPatient(a) ? (['warning', iconPending] as const) : STATUS_CHIP[a.status];
  const videoNow = a.videoUrl && start !== undefined && now >= start - VIDEO_LEAD_MS && now <= Date.parse(a.end ?? a.start!);
  return html`<article part="appointment" aria-labelledby=${`a-${a.id}`} id=${`appointment-${a.id}`} tabindex="-1">
    <div class="subtitle" role="heading" aria-level=${level} id=${`a-${a.id}`}>${a.visitType?.name ?? msg('Visit', { id: 'appointments.visit' })}</div>
    <p class=${`status status--${a.status}`}>${chip(tone, statusWord(a), { icon: statusIcon, part: 'status' })}</p>
    ${a.start ? html`<p>${view.when(a.start, zone)}</p>` : nothing}
    <dl>
      ${a.clinician ? html`<div><dt>${msg('With', { id: 'appointments.with' })}</dt><dd>${a.clinician.name}</dd></div>` : nothing}
      ${a.location
        ? html`<div><dt>${msg('Where', { id: 'appointments.where' })}</dt><dd>${a.location.name}${a.location.address ? html`<br />${a.location.address}` : nothing}</dd></div>`
        : nothing}
      ${a.instructions ? html`<div><dt>${msg('Before you come', { id: 'appointments.instructions' })}</dt><dd>${a.instructions}</dd></div>` : nothing}
      ${a.statusReason ? html`<div><dt>${msg('Note from the clinic', { id: 'appointments.clinic-note' })}</dt><dd>${a.statusReason}</dd></div>` : nothing}
    </dl>
    ${a.videoUrl && a.status === 'booked'
      ? videoNow
        ? html`<p><a class="video" href=${a.videoUrl} target="_blank" rel="noopener noreferrer">${msg('Join the video visit', { id: 'appointments.join' })}</a></p>`
        : html`<p class="hint">${msg('The video link shows here 15 minutes before the visit.', { id: 'appointments.video-later' })}</p>`
      : nothing}
    ${a.status === 'proposed' ? renderProposals(a, view) : nothing}
    ${awaitsPatient(a)
      ? html`<p class="hint" id=${`answer-${a.id}`}>
          ${a.location?.phone
            ? msg(str`Please call ${a.location.phone} to give your answer.`, { id: 'appointments.answer-call-phone' })
            : msg('Please call the clinic to give your answer.', { id: 'appointments.answer-call' })}
        </p>`
      : nothing}
    ${a.questionnaire && changeable
      ? html`<div class="previsit">
          <button type="button" id=${`previsit-${a.id}`} aria-expanded=${view.questionnaireFor === a.id ? 'true' : 'false'} @click=${() => view.toggleQuestionnaire(a)}>
            ${msg('Fill in before your visit', { id: 'appointments.questionnaire' })}
          </button>
          ${view.questionnaireFor === a.id ? view.questionnaire(a) : nothing}
        </div>`
      : nothing}
    ${view.failed?.id === a.id
      ? html`<p class="alert" role="alert" id=${`failed-${a.id}`} tabindex="-1">${icon(iconWarning)}${msg('That did not go through.', { id: 'appointments.failed' })}
          ${isEngageError(view.failed.error) && view.failed.error.code === 'conflict'
            ? msg('This visit changed since it was shown. It now shows as it is.', { id: 'appointments.changed-since' })
            : errorText(isEngageError(view.failed.error) ? view.failed.error.code : 'server')}</p>`
      : nothing}
    <div class="actions">
      ${a.status === 'booked' && a.start && a.end
        ? html`<button type="button" @click=${() => view.download(a)}>${msg('Add to calendar', { id: 'appointments.ics' })}</button>`
        : nothing}
      ${cancellable && inWindow
        ? html`<p class="hint" id=${`call-${a.id}`}>
            ${a.location?.phone
              ? msg(str`To change or cancel this visit now, please call ${a.location.phone}.`, { id: 'appointments.call-phone' })
              : msg('To change or cancel this visit now, please call the clinic.', { id: 'appointments.call' })}
          </p>`
        : nothing}
      ${cancellable && !inWindow
        ? html`${changeable
              ? html`<button type="button" id=${`reschedule-${a.id}`} @click=${() => view.reschedule(a)}>${msg('Change time', { id: 'appointments.reschedule' })}</button>`
              : nothing}
            ${view.confirmCancel === a.id
              ? html`<button type="button" class="danger" id=${`confirm-${a.id}`} aria-disabled=${busy ? 'true' : 'false'} @click=${() => !busy && view.cancel(a)}>
                    ${msg('Yes, cancel this visit', { id: 'appointments.cancel-confirm' })}
                  </button>
                  <button type="button" @click=${() => view.askCancel(undefined)}>${msg('Keep it', { id: 'appointments.keep' })}</button>`
              : html`<button type="button" @click=${() => view.askCancel(a)}>${msg('Cancel visit', { id: 'appointments.cancel' })}</button>`}`
        : nothing}
      ${(a.status === 'requested' && !awaitsPatient(a)) || a.status === 'proposed'
        ? html`<button type="button" aria-disabled=${busy ? 'true' : 'false'} @click=${() => !busy && view.cancel(a)}>${msg('Withdraw request', { id: 'appointments.withdraw' })}</button>`
        : nothing}
    </div>
  </article>`;
}
