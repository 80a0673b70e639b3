import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '../../core/localization.js';
import { Task, TaskStatus } from '@lit/task';
import type {
  Message,
  MessagePool,
  MessagingDirectory,
  MessagingPort,
  Participant,
  Thread,
  ThreadStatus,
} from '../../adapters/ports.js';
import { EngageError } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import { codedText } from '../../core/format.js';
import { formatRelative } from '../../core/relative-time.js';
import { renderError, renderLoading, renderNotConfigured } from '../../core/states.js';
import { ComposingElement } from '../message-thread/composing-element.js';
import { renderDeceasedNotice } from '../../core/deceased.js';
import { actingAs, participantName } from '../message-thread/people.js';
import { inboxStyles } from './message-inbox.styles.js';
import { codeKey, renderNewForm, type NewForm } from './new-conversation-form.js';
import { chip, chipStyles } from '../../core/chips.js';
import { iconMessage } from '../../core/icons.js';
import { headingLevelOf } from '../../core/engage-element.js';

/** Detail of `engage-thread-select`. */
export interface ThreadSelectDetail {
  thread: Thread;
}

/** Detail of `engage-thread-create`. */
export interface ThreadCreateDetail {
  thread: Thread;
  message: Message;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'engage-thread-select': CustomEvent<ThreadSelectDetail>;
    'engage-thread-create': CustomEvent<ThreadCreateDetail>;
  }
}

type Filter = ThreadStatus | 'all';

/**
 * The list of a patient's secure-message conversations, newest activity first: subject,
 * category, participants, a plain-text preview of the last message, the unread count,
 * and paging for long histories; a filter for open and closed conversations; and a
 * form to start a new conversation with a care-team member or a team inbox ("Nurse
 * line"), which says before sending that messages are not for emergencies. Selecting a
 * conversation fires `engage-thread-select`; pair it with `<engage-message-thread>`.
 *
 * @tag engage-message-inbox
 * @summary A patient's message conversations, with a filter and "new message".
 *
 * @csspart base - The inbox container.
 * @csspart list - The list of conversations.
 * @csspart item - One conversation in the list.
 * @csspart new-button - The "New message" button.
 * @csspart deceased-notice - Shown instead of "New message" to a patient or caregiver when the patient has died.
 * @csspart new-form - The new-conversation form.
 * @csspart composer - The message box of the new-conversation form.
 * @csspart composer-input - Its text area.
 * @csspart attach-button - The "Attach files" button.
 * @csspart attachment-error - The list of refused files.
 * @csspart notice - The "not for emergencies" notice.
 * @csspart send-button - The send button.
 * @csspart state - Any loading, empty, error or not-configured message.
 * @csspart retry-button - The retry button of the error state.
 *
 * @cssprop --engage-color-accent - Links, the unread count and the selected conversation.
 *
 * @fires engage-thread-select - When the user opens a conversation. `detail.thread`.
 * @fires engage-thread-create - After a new conversation was started. `detail.thread`, `detail.message`.
 */
export class EngageMessageInbox extends ComposingElement {
  static override styles = [...ComposingElement.styles, chipStyles, inboxStyles];

  /** Which conversations to list: `open`, `closed` or `all`. */
  @property({ reflect: true })
  status: Filter = 'open';

  /** Conversations per page. */
  @property({ type: Number, attribute: 'page-size' })
  pageSize = 20;

  /** The id of the conversation shown beside the inbox, marked as current. */
  @property({ attribute: 'selected-thread' })
  selectedThread?: string;

  /** Heading level (1–6) of the inbox title. */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  @state() private threads: Thread[] = [];
  @state() private next?: string;
  @state() private moreError?: unknown;
  @state() private loadingMore = false;
  @state() private form?: NewForm;
  @state() private announcement = '';

  private readonly listTask = new Task(this, {
    task: async ([port, patient, status, pageSize], { signal }) => {
      if (!port || !patient) return undefined;
      const page = await (port as MessagingPort).listThreads(
        { patient: patient as string, status: status as Filter, pageSize: pageSize as number },
        { signal, as: actingAs(this.activeSession) },
      );
      this.threads = page.items;
      this.next = page.next;
      this.moreError = undefined;
      return page;
    },
    args: () =>
      [this.portOf('messaging'), this.activeSession.patient, this.status, this.pageSize, this.activeSession.user?.ref] as const,
    autoRun: true,
  });

  private readonly directoryTask = new Task(this, {
    task: async ([port, patient], { signal }) =>
      (port as MessagingPort).getDirectory(patient as string, { signal }),
    args: () => [this.portOf('messaging'), this.activeSession.patient] as const,
    autoRun: false,
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('patient')) this.form = undefined;
  }

  /** Reloads the first page (after a conversation changed elsewhere). */
  refresh(): void {
    void this.listTask.run();
  }

  private async loadMore(): Promise<void> {
    const port = this.portOf('messaging');
    const patient = this.activeSession.patient;
    if (!port || !patient || !this.next) return;
    this.loadingMore = true;
    this.moreError = undefined;
    const firstNew = this.threads.length;
    try {
      const page = await port.listThreads(
        { patient, status: this.status, pageSize: this.pageSize, cursor: this.next },
        { as: actingAs(this.activeSession) },
      );
      const known = new Set(this.threads.map((t) => t.id));
      this.threads = [...this.threads, ...page.items.filter((t) => !known.has(t.id))];
      this.next = page.next;
      this.announce(() => msg(str`${page.items.length} more conversations loaded.`, { id: 'inbox.more-loaded' }));
      await this.updateComplete;
      this.renderRoot.querySelectorAll<HTMLButtonElement>('.thread-link')[firstNew]?.focus();
    } catch (error) {
      this.moreError = error;
    } finally {
      this.loadingMore = false;
    }
  }

  /** Announces text made in the element's language (this runs outside an update). */
  private announce(make: () => string): void {
    const text = this.localized(make);
    this.announcement = '';
    void this.updateComplete.then(() => {
      this.announcement = text;
    });
  }

  private select(thread: Thread): void {
    this.selectedThread = thread.id;
    emit(this, 'engage-thread-select', { thread });
  }

  private openForm(): void {
    this.form = { recipient: '', category: '', subject: '', busy: false, invalid: {} };
    // a draft (and its write keys) belongs to one patient: a caregiver's unsent words about
    // one person are never offered, or sent as a retry, for another
    this.composer.useDraft(`new-conversation:${this.activeSession.patient ?? ''}`);
    const loading = this.directoryTask.value ? undefined : this.directoryTask.run();
    // the pressed button is gone: focus the form's heading (the loading form has one too)
    void this.updateComplete.then(() => this.focusFormTitle());
    // the loaded form replaces the loading one and its heading, which had focus
    void loading?.then(() => this.updateComplete).then(() => {
      const active = document.activeElement;
      if (!active || active === document.body) this.focusFormTitle();
    });
  }

  private focusFormTitle(): void {
    this.renderRoot.querySelector<HTMLElement>('#new-title')?.focus();
  }

  private renderFormTitle(): TemplateResult {
    return html`<div id="new-title" class="title" role="heading" aria-level=${Math.min(6, headingLevelOf(this.headingLevel) + 1)} tabindex="-1">
      ${msg('New message', { id: 'inbox.new' })}
    </div>`;
  }

  private closeForm(): void {
    this.form = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('.new-button')?.focus());
  }

  private async submit(directory: MessagingDirectory): Promise<void> {
    const form = this.form;
    const port = this.portOf('messaging');
    const patient = this.activeSession.patient;
    if (!form || !port || !patient || form.busy || this.deceased.blocksWrites) return;
    const invalid = {
      recipient: !form.recipient,
      subject: !form.subject.trim(),
      message: this.composer.empty,
    };
    // the message box marks itself (aria-invalid, and its error in its description)
    this.composer.missing = invalid.message;
    if (invalid.recipient || invalid.subject || invalid.message) {
      this.form = { ...form, invalid };
      await this.updateComplete;
      const first = invalid.recipient ? '#new-recipient' : invalid.subject ? '#new-subject' : 'textarea';
      this.renderRoot.querySelector<HTMLElement>(first)?.focus();
      return;
    }
    const recipient: Participant | MessagePool | undefined =
      directory.careTeam.find((p) => p.ref === form.recipient) ?? directory.pools.find((p) => p.ref === form.recipient);
    if (!recipient) return;
    const category = directory.categories.find((c, i) => codeKey(c, i) === form.category);
    const draft = { subject: form.subject.trim(), ...(category ? { category } : {}), recipient, message: this.composer.draft() };
    // the write protocol: the same conversation again keeps its key (the server never holds
    // two copies); an edited one after a failure revises what an unanswered attempt stored
    const keys = this.composer.intent.keysFor({ patient, ...draft });
    this.composer.save();
    this.form = { ...form, key: keys.idempotencyKey, busy: true, error: undefined, invalid: {} };
    this.composer.busy = true;
    try {
      const result = await port.startThread(patient, draft, { ...keys, as: actingAs(this.activeSession) });
      if (!result?.thread?.id || !result.message?.id) throw new EngageError('server', 'The conversation was not stored.');
      this.composer.busy = false;
      this.composer.clear();
      this.form = undefined;
      emit(this, 'engage-thread-create', result);
      this.announce(() => msg('Message sent.', { id: 'thread.sent' }));
      if (this.status === 'closed') this.status = 'open';
      await this.listTask.run();
      this.select(result.thread);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>(`.thread-link[data-id="${CSS.escape(result.thread.id)}"]`)?.focus();
    } catch (error) {
      this.composer.busy = false;
      this.composer.failed(error);
      this.form = { ...this.form!, busy: false, error };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.form-error')?.focus();
    }
  }

  protected override render(): TemplateResult {
    const session = this.activeSession;
    const level = headingLevelOf(this.headingLevel);
    const missing = this.renderMissing('messaging');
    const body =
      missing ??
      (!actingAs(session)
        ? renderNotConfigured(msg('the signed-in user', { id: 'messages.missing-user' }))
        : this.form && !this.deceased.blocksWrites
          ? this.renderForm(this.form)
          : this.renderList());
    const blocked = !missing && actingAs(session) && this.deceased.blocksWrites;
    return html`<section part="base" class="inbox" lang=${session.locale} aria-labelledby="inbox-title">
      <div class="toolbar">
        <div id="inbox-title" class="title" role="heading" aria-level=${level}>${msg('Messages', { id: 'inbox.title' })}</div>
        ${!missing && !this.form && actingAs(session) && !blocked
          ? html`<button type="button" class="new-button primary" part="new-button" @click=${this.openForm}>
              ${msg('New message', { id: 'inbox.new' })}
            </button>`
          : nothing}
      </div>
      ${blocked
        ? renderDeceasedNotice(
            msg('This patient has died, so no new messages can be sent from this account. Past conversations stay here to read.', {
              id: 'inbox.deceased',
            }),
          )
        : nothing}
      ${body}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    </section>`;
  }

  private renderFilter(): TemplateResult {
    const options: [Filter, string][] = [
      ['open', msg('Open', { id: 'messages.status.open' })],
      ['closed', msg('Closed', { id: 'messages.status.closed' })],
      ['all', msg('All', { id: 'inbox.filter.all' })],
    ];
    return html`<fieldset>
      <legend>${msg('Show', { id: 'inbox.filter' })}</legend>
      ${options.map(
        ([value, label]) => html`<label
          ><input
            type="radio"
            name="status"
            .value=${value}
            .checked=${this.status === value}
            @change=${() => (this.status = value)}
          />${label}</label
        >`,
      )}
    </fieldset>`;
  }

  private renderList(): TemplateResult {
    return html`${this.renderFilter()}
    ${this.renderTask(this.listTask, {
      loadingText: msg('Loading messages…', { id: 'inbox.loading' }),
      isEmpty: () => this.threads.length === 0,
      emptyText:
        this.status === 'closed'
          ? { art: iconMessage, text: msg('No closed conversations.', { id: 'inbox.empty-closed' }) }
          : {
              art: iconMessage,
              title: msg('No messages yet', { id: 'inbox.empty-title' }),
              text: msg('Write to your care team about a question that is not urgent. Your conversations will show here.', {
                id: 'inbox.empty-help',
              }),
              // the same action as the toolbar's button, where a patient's eye lands on an empty page
              action:
                actingAs(this.activeSession) && !this.deceased.blocksWrites
                  ? { label: msg('New message', { id: 'inbox.new' }), run: () => this.openForm() }
                  : undefined,
            },
      complete: () => html`<ul class="threads" part="list" aria-label=${msg('Conversations', { id: 'inbox.list' })}>
          ${this.threads.map((thread) => this.renderItem(thread))}
        </ul>
        ${this.moreError ? renderError(this.moreError, () => void this.loadMore()) : nothing}
        ${this.next
          ? this.loadingMore
            ? renderLoading(msg('Loading more…', { id: 'inbox.loading-more' }))
            : html`<button type="button" @click=${this.loadMore}>${msg('Show older conversations', { id: 'inbox.more' })}</button>`
          : nothing}`,
    })}`;
  }

  private renderItem(thread: Thread): TemplateResult {
    const { locale, now } = this.activeSession;
    const me = actingAs(this.activeSession)?.user.ref;
    const selected = thread.id === this.selectedThread;
    const others = thread.participants.filter((p) => p.ref !== me && p.ref !== thread.patient);
    const people = (others.length ? others : thread.participants).map(participantName).join(', ');
    return html`<li class="item ${selected ? 'item--selected' : ''} ${thread.unreadCount ? 'item--unread' : ''}" part="item">
      <div class="item__top">
        <button
          type="button"
          class="thread-link"
          data-id=${thread.id}
          aria-current=${selected ? 'true' : 'false'}
          @click=${() => this.select(thread)}
        >
          <span class="subject">${thread.subject || msg('(no subject)', { id: 'messages.no-subject' })}</span>
          ${thread.unreadCount
            ? chip('info', msg(str`${thread.unreadCount} unread`, { id: 'inbox.unread' }), { icon: iconMessage, part: 'unread', class: 'unread' })
            : nothing}
        </button>
        <time datetime=${thread.lastActivity}>${formatRelative(thread.lastActivity, now(), locale)}</time>
      </div>
      <div class="details">
        ${thread.category ? html`${codedText(thread.category)} · ` : nothing}${people}
        ${thread.status === 'closed' ? html` · <span class="closed">${msg('Closed', { id: 'messages.status.closed' })}</span>` : nothing}
      </div>
      ${thread.preview ? html`<p class="preview">${thread.preview}</p>` : nothing}
    </li>`;
  }

  private renderForm(form: NewForm): TemplateResult {
    if (this.directoryTask.status !== TaskStatus.COMPLETE) {
      return html`<div class="new-form" part="new-form">
        ${this.renderFormTitle()}
        ${this.directoryTask.render({
          initial: () => renderLoading(),
          pending: () => renderLoading(),
          error: (error) => renderError(error, () => void this.directoryTask.run()),
        })}
        <div class="form-actions">
          <button type="button" @click=${this.closeForm}>${msg('Cancel', { id: 'inbox.cancel' })}</button>
        </div>
      </div>`;
    }
    const directory = this.directoryTask.value!;
    const { locale, role } = this.activeSession;
    return renderNewForm({
      form,
      directory,
      title: this.renderFormTitle(),
      notice: role === 'clinician' ? nothing : this.composer.renderNotice(this.emergencyNumber, this.replyTimeText),
      messageBox: (label) => this.composer.render(label, locale, form.busy, role !== 'clinician'),
      update: (patch) => (this.form = { ...this.form!, ...patch, invalid: { ...this.form!.invalid } }),
      typeSubject: (subject) => (this.form!.subject = subject),
      submit: () => void this.submit(directory),
      close: () => this.closeForm(),
    });
  }
}
