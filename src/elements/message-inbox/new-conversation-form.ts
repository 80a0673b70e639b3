import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '../../core/localization.js';
import type { CodedValue, MessagingDirectory } from '../../adapters/ports.js';
import { codedText } from '../../core/format.js';
import { participantName } from '../message-thread/people.js';
import { icon, iconWarning } from '../../core/icons.js';
import { sendErrorText } from '../message-thread/composer.js';

/** What the inbox's "New message" form holds while the user writes (the message itself is in the composer). */
export interface NewForm {
  recipient: string;
  category: string;
  subject: string;
  key?: string;
  busy: boolean;
  error?: unknown;
  invalid: { recipient?: boolean; subject?: boolean; message?: boolean };
}

/** A topic's value in the form: its first code, else its text, else its place in the list. */
export const codeKey = (value: CodedValue, index: number) => value.codings[0]?.code ?? value.text ?? String(index);

/** What the inbox lends the form: its state, the directory it offers, and its actions. */
export interface NewFormView {
  form: NewForm;
  directory: MessagingDirectory;
  /** The form's heading, which takes focus when the form opens. */
  title: TemplateResult;
  /** The "not for emergencies" notice (patients and caregivers), or nothing. */
  notice: unknown;
  /** The composer's message box, labelled. */
  messageBox(label: string): unknown;
  update(patch: Partial<NewForm>): void;
  /** Keeps the subject as typed, in the form as it is now (not the one this render drew). */
  typeSubject(subject: string): void;
  submit(): void;
  close(): void;
}

/** The new-conversation form, once the directory of recipients and topics has loaded. */
export function renderNewForm(view: NewFormView): TemplateResult {
  const { form, directory } = view;
  const errorFor = (id: string, show: boolean | undefined, text: string) =>
    show ? html`<p class="field-error" id=${id}>${icon(iconWarning)}${text}</p>` : nothing;
  /*
   * An option holds the name only: a closed select shows one line, which cut "Nurse line —
   * Symptoms, care questions anc…" (#19). What the inbox is for, or the person's role, is
   * the line under it, for the one chosen.
   */
  const pool = directory.pools.find((p) => p.ref === form.recipient);
  const person = directory.careTeam.find((p) => p.ref === form.recipient);
  const recipientDetails = pool?.description ?? person?.role ?? '';
  return html`<form
    class="new-form"
    part="new-form"
    aria-labelledby="new-title"
    novalidate
    @submit=${(event: Event) => {
      event.preventDefault();
      view.submit();
    }}
    @keydown=${(event: KeyboardEvent) => {
      // Escape is Cancel: the text stays in the draft for when the form opens again
      if (event.key !== 'Escape' || form.busy) return;
      event.preventDefault();
      view.close();
    }}
  >
    ${view.title} ${view.notice}
    <div class="field">
      <label for="new-recipient">${msg('To', { id: 'inbox.to' })}</label>
      <select
        id="new-recipient"
        .value=${form.recipient}
        ?disabled=${form.busy}
        aria-invalid=${form.invalid.recipient ? 'true' : 'false'}
        aria-describedby=${[recipientDetails ? 'new-recipient-details' : '', form.invalid.recipient ? 'new-recipient-error' : ''].filter(Boolean).join(' ') || nothing}
        @change=${(e: Event) => view.update({ recipient: (e.target as HTMLSelectElement).value })}
      >
        <option value="" ?selected=${form.recipient === ''}>${msg('Choose who to write to', { id: 'inbox.choose' })}</option>
        ${directory.pools.length
          ? html`<optgroup label=${msg('Team inboxes', { id: 'inbox.pools' })}>
              ${directory.pools.map((p) => html`<option value=${p.ref} ?selected=${form.recipient === p.ref}>${p.name}</option>`)}
            </optgroup>`
          : nothing}
        ${directory.careTeam.length
          ? html`<optgroup label=${msg('Your care team', { id: 'inbox.care-team' })}>
              ${directory.careTeam.map(
                (p) => html`<option value=${p.ref} ?selected=${form.recipient === p.ref}>${participantName(p)}</option>`,
              )}
            </optgroup>`
          : nothing}
      </select>
      ${recipientDetails ? html`<span class="field-hint" id="new-recipient-details">${recipientDetails}</span>` : nothing}
      ${errorFor('new-recipient-error', form.invalid.recipient, msg('Choose who to write to.', { id: 'inbox.error.recipient' }))}
    </div>
    ${directory.categories.length
      ? html`<div class="field">
          <label for="new-category">${msg('Topic', { id: 'inbox.category' })}</label>
          <select
            id="new-category"
            .value=${form.category}
            ?disabled=${form.busy}
            @change=${(e: Event) => view.update({ category: (e.target as HTMLSelectElement).value })}
          >
            <option value="" ?selected=${form.category === ''}>${msg('Choose a topic (optional)', { id: 'inbox.choose-category' })}</option>
            ${directory.categories.map(
              (c, i) => html`<option value=${codeKey(c, i)} ?selected=${form.category === codeKey(c, i)}>${codedText(c)}</option>`,
            )}
          </select>
        </div>`
      : nothing}
    <div class="field">
      <label for="new-subject">${msg('Subject', { id: 'inbox.subject' })}</label>
      <input
        id="new-subject"
        type="text"
        maxlength="200"
        autocomplete="off"
        .value=${form.subject}
        ?disabled=${form.busy}
        aria-invalid=${form.invalid.subject ? 'true' : 'false'}
        aria-describedby=${form.invalid.subject ? 'new-subject-error' : nothing}
        @input=${(e: Event) => {
          // no re-render per keystroke: the value lives in the input until submit
          view.typeSubject((e.target as HTMLInputElement).value);
        }}
      />
      ${errorFor('new-subject-error', form.invalid.subject, msg('Write a subject.', { id: 'inbox.error.subject' }))}
    </div>
    ${view.messageBox(msg('Message', { id: 'inbox.message' }))}
    ${form.error
      ? html`<p class="form-error" role="alert" tabindex="-1">
          ${icon(iconWarning)}${msg('Not sent.', { id: 'thread.failed' })}
          ${sendErrorText(form.error)}
          ${msg('Your message is kept. Try sending again.', { id: 'inbox.kept' })}
        </p>`
      : nothing}
    <div class="form-actions">
      <button type="submit" class="primary" part="send-button" ?disabled=${form.busy}>
        ${form.busy
          ? msg('Sending…', { id: 'thread.sending' })
          : form.error
            ? msg('Retry sending', { id: 'thread.retry' })
            : msg('Send', { id: 'messages.send' })}
      </button>
      <button type="button" ?disabled=${form.busy} @click=${view.close}>${msg('Cancel', { id: 'inbox.cancel' })}</button>
    </div>
  </form>`;
}
