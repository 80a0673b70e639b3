/**
 * The "ask for a visit" form of <engage-appointments>, for a visit type the clinic books
 * itself: preferred days and times and a note. The element keeps the fields (so they
 * survive a failed send) and sends the request; this file only shows them.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '../../core/localization.js';
import type { VisitType } from '../../adapters/ports.js';
import { isEngageError } from '../../core/errors.js';
import { errorText } from '../../core/states.js';
import { icon, iconWarning } from '../../core/icons.js';

/** The request's fields, as the element's flow holds them. */
export interface RequestFields {
  type?: VisitType;
  days: string[];
  times: string[];
  note: string;
  busy?: boolean;
  error?: unknown;
}

/** The weekdays a request can prefer: code (as stored) and the reader's word. */
export function dayChoices(): [string, string][] {
  return [
    ['mon', msg('Monday', { id: 'appointments.day.mon' })],
    ['tue', msg('Tuesday', { id: 'appointments.day.tue' })],
    ['wed', msg('Wednesday', { id: 'appointments.day.wed' })],
    ['thu', msg('Thursday', { id: 'appointments.day.thu' })],
    ['fri', msg('Friday', { id: 'appointments.day.fri' })],
  ];
}

/** The times of day a request can prefer: code (as stored) and the reader's word. */
export function timeChoices(): [string, string][] {
  return [
    ['morning', msg('Morning', { id: 'appointments.time.morning' })],
    ['afternoon', msg('Afternoon', { id: 'appointments.time.afternoon' })],
    ['evening', msg('Evening', { id: 'appointments.time.evening' })],
  ];
}

/** The form; `on.edit` keeps a changed field in the element's flow. */
export function renderRequestForm(
  flow: RequestFields,
  heading: (text: string) => TemplateResult,
  back: (step: 'type') => TemplateResult,
  on: { edit: (change: Partial<RequestFields>) => void; send: () => void },
): TemplateResult {
  const days = dayChoices();
  const times = timeChoices();
  const toggle = (list: string[], value: string, checked: boolean) => (checked ? [...list, value] : list.filter((v) => v !== value));
  return html`${heading(msg(str`Ask for a visit: ${flow.type!.name}`, { id: 'appointments.step.request' }))}
    <p>${msg('The clinic books this kind of visit for you. Tell us what works, and we will answer here.', { id: 'appointments.request-intro' })}</p>
    <fieldset>
      <legend>${msg('Days that work', { id: 'appointments.request-days' })}</legend>
      ${days.map(([value, label]) => html`<label><input type="checkbox" .checked=${flow.days.includes(value)} @change=${(e: Event) => on.edit({ days: toggle(flow.days, value, (e.target as HTMLInputElement).checked) })} />${label}</label>`)}
    </fieldset>
    <fieldset>
      <legend>${msg('Times that work', { id: 'appointments.request-times' })}</legend>
      ${times.map(([value, label]) => html`<label><input type="checkbox" .checked=${flow.times.includes(value)} @change=${(e: Event) => on.edit({ times: toggle(flow.times, value, (e.target as HTMLInputElement).checked) })} />${label}</label>`)}
    </fieldset>
    <label for="note">${msg('Anything the clinic should know (optional)', { id: 'appointments.request-note' })}</label>
    <textarea id="note" maxlength="500" .value=${flow.note} @input=${(e: Event) => on.edit({ note: (e.target as HTMLTextAreaElement).value })}></textarea>
    ${flow.error
      ? html`<p class="alert" role="alert" id="request-error" tabindex="-1">${icon(iconWarning)}${msg('Your request was not sent.', { id: 'appointments.request-failed' })}
          ${errorText(isEngageError(flow.error) ? flow.error.code : 'server')}</p>`
      : nothing}
    <div class="actions">
      <button type="button" class="primary" aria-disabled=${flow.busy ? 'true' : 'false'} @click=${() => on.send()}>
        ${flow.busy ? msg('Sending…', { id: 'appointments.sending' }) : msg('Send request', { id: 'appointments.send-request' })}
      </button>
      ${back('type')}
    </div>`;
}
