/**
 * The message composer shared by `<engage-message-thread>` (reply) and
 * `<engage-message-inbox>` (new conversation): the text, the attached files with their
 * checks, and the "not for emergencies" notice. State lives in a `Composer` object the
 * element keeps, so it survives a re-render, a failed send and a reconnect. The text and
 * the write keys of an unanswered send go to the element's draft store (memory unless
 * the host chose storage, see `src/core/drafts.ts`), so a re-created element — or, with
 * session storage, a reloaded page — finds its text, and sending it again is the same
 * write; attached files stay in memory only.
 */
import { formatBytes } from '../../core/format.js';
import { html, nothing, css, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { inLanguage, msg, str } from '../../core/localization.js';
import { pageDrafts, type DraftStore } from '../../core/drafts.js';
import { WriteIntent, type WriteIntentState } from '../../core/write-protocol.js';
import { isEngageError } from '../../core/errors.js';
import { errorText } from '../../core/states.js';
import { ref, createRef } from 'lit/directives/ref.js';
import type { MessageDraft, OutgoingAttachment } from '../../adapters/ports.js';
import { token } from '../../core/tokens.js';
import { icon, iconWarning } from '../../core/icons.js';

/** What files a host accepts. */
export interface AttachmentLimits {
  /** MIME types; default PDF, PNG and JPEG. */
  types: string[];
  /** Most files on one message; default 5. */
  maxFiles: number;
  /** Largest file in bytes; default 10 MB. */
  maxBytes: number;
}

export const DEFAULT_LIMITS: AttachmentLimits = {
  types: ['application/pdf', 'image/png', 'image/jpeg'],
  maxFiles: 5,
  maxBytes: 10 * 1024 * 1024,
};

/** Parses a host's `allowed-types` attribute (`"application/pdf, image/png"`). */
export function parseTypes(value: string | undefined): string[] {
  const types = (value ?? '')
    .split(/[\s,]+/)
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  return types.length ? types : DEFAULT_LIMITS.types;
}

/** Attached files of drafts, in memory for the page's lifetime (never in a draft store). */
const draftFiles = new Map<string, OutgoingAttachment[]>();

/** What a composer keeps in a draft store. */
interface StoredDraft {
  text: string;
  intent?: WriteIntentState;
}

/** A refused file and why. */
interface Refusal {
  name: string;
  reason: string;
}

/** Bytes as words (moved to core/format.ts so other elements share it). */
export { formatBytes };

/** Plain text typed by a person → limited HTML: paragraphs and line breaks, everything escaped. */
export function textToHtml(text: string): string {
  const escape = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${escape(paragraph.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/**
 * Why a send failed, in words: a send refused as `withdrawn` (see `Composer.failed`) says
 * what happened in its own words; any other failure, the shared text for its code.
 */
export function sendErrorText(error: unknown): string {
  const code = isEngageError(error) ? error.code : 'server';
  return code === 'withdrawn'
    ? msg('The care team removed an earlier copy of this message.', { id: 'composer.error.withdrawn' })
    : errorText(code);
}

let sequence = 0;

/** The composer's state and template, owned by one element. */
export class Composer {
  text = '';
  files: OutgoingAttachment[] = [];
  refused: Refusal[] = [];
  /** Set while a send is in flight: the fields stay, the send button waits. */
  busy = false;
  /** Send was pressed with nothing to send: the box says so until something is written or attached. */
  missing = false;
  readonly id = `engage-composer-${++sequence}`;
  private readonly textarea = createRef<HTMLTextAreaElement>();
  private readonly fileInput = createRef<HTMLInputElement>();
  private draftKey: string | undefined;
  /** The keys of the message being written: the same content keeps its key (docs/write-protocol.md). */
  readonly intent = new WriteIntent<unknown>();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly limits: () => AttachmentLimits,
    /** The host element's language (BCP 47), for checks made outside its updates. */
    private readonly locale: () => string,
    private readonly store: () => DraftStore = () => pageDrafts,
  ) {}

  /** Switches to the draft of another conversation (or a new one), keeping this one's. */
  useDraft(key: string | undefined): void {
    if (key === this.draftKey) return;
    // text set before the first conversation was chosen (a host's prefill) is kept
    const first = this.draftKey === undefined;
    this.save();
    this.draftKey = key;
    const saved = key ? (this.store().load(key) as StoredDraft | undefined) : undefined;
    const files = key ? draftFiles.get(key) : undefined;
    if (saved || files) {
      this.text = typeof saved?.text === 'string' ? saved.text : '';
      this.files = [...(files ?? [])];
      this.intent.restore(saved?.intent);
    } else if (!first) {
      this.text = '';
      this.files = [];
      this.intent.settle();
    }
    this.refused = [];
    this.missing = false;
    this.save();
  }

  /** Keeps the draft (text and write keys) in the store, the files in memory. */
  save(): void {
    if (!this.draftKey) return;
    if (this.text || this.files.length || this.intent.unsettled) {
      this.store().save(this.draftKey, { text: this.text, intent: this.intent.save() } satisfies StoredDraft);
    } else {
      this.store().remove(this.draftKey);
    }
    if (this.files.length) draftFiles.set(this.draftKey, [...this.files]);
    else draftFiles.delete(this.draftKey);
  }

  /** Whether there is anything to send. */
  get empty(): boolean {
    return this.text.trim() === '' && this.files.length === 0;
  }

  /** The draft to send. */
  draft(inResponseTo?: string): MessageDraft {
    return { body: this.text.trim() ? textToHtml(this.text) : '', attachments: [...this.files], ...(inResponseTo ? { inResponseTo } : {}) };
  }

  /** After a successful send: empty, the write settled, and the kept draft forgotten. */
  clear(): void {
    this.text = '';
    this.files = [];
    this.refused = [];
    this.missing = false;
    this.intent.settle();
    if (this.draftKey) {
      this.store().remove(this.draftKey);
      draftFiles.delete(this.draftKey);
    }
    this.host.requestUpdate();
  }

  /**
   * After a failed send. The text always stays. A send refused as `withdrawn` (what an
   * earlier attempt stored was retracted since) has a known fate: its intent is settled,
   * so the user's next Send or Retry is a new message under a new key, not the same
   * retracted one again.
   */
  failed(error: unknown): void {
    if (isEngageError(error) && error.code === 'withdrawn') {
      this.intent.settle();
      this.save();
    }
  }

  focus(): void {
    this.textarea.value?.focus();
  }

  /** Send was pressed with nothing to send: the box is marked, described by why, and focused. */
  async markMissing(): Promise<void> {
    this.missing = true;
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.focus();
  }

  private onInput(event: Event): void {
    this.text = (event.target as HTMLTextAreaElement).value;
    this.save();
    if (this.missing && !this.empty) {
      this.missing = false;
      this.host.requestUpdate();
    }
  }

  private onFiles(event: Event): void {
    const locale = this.locale();
    inLanguage(locale, () => this.checkFiles(event.target as HTMLInputElement, locale));
  }

  /** Attaches the chosen files that pass the checks; says why each other one was refused. */
  private checkFiles(input: HTMLInputElement, locale: string): void {
    const { types, maxFiles, maxBytes } = this.limits();
    this.refused = [];
    for (const file of [...(input.files ?? [])]) {
      const type = (file.type || '').toLowerCase();
      if (!types.includes(type)) {
        this.refused.push({ name: file.name, reason: msg('This type of file cannot be sent.', { id: 'composer.refused.type' }) });
      } else if (file.size > maxBytes) {
        this.refused.push({
          name: file.name,
          reason: msg(str`The file is larger than ${formatBytes(maxBytes, locale)}.`, { id: 'composer.refused.size' }),
        });
      } else if (file.size === 0) {
        this.refused.push({ name: file.name, reason: msg('The file is empty.', { id: 'composer.refused.empty' }) });
      } else if (this.files.length >= maxFiles) {
        this.refused.push({
          name: file.name,
          reason: msg(str`You can attach up to ${maxFiles} files.`, { id: 'composer.refused.count' }),
        });
      } else {
        this.files = [...this.files, { title: file.name, contentType: type, data: file }];
      }
    }
    input.value = '';
    if (!this.empty) this.missing = false;
    this.save();
    this.host.requestUpdate();
  }

  private remove(index: number): void {
    this.files = this.files.filter((_, i) => i !== index);
    this.save();
    this.host.requestUpdate();
    // focus stays in the composer: the next remove button, or the attach button
    void this.host.updateComplete.then(() => {
      const root = this.host.shadowRoot;
      const next = root?.querySelectorAll<HTMLButtonElement>(`#${this.id}-files button`)[index] ??
        root?.querySelector<HTMLButtonElement>(`#${this.id}-attach`);
      next?.focus();
    });
  }

  /** The notice shown before sending: not for emergencies, and when to expect a reply. */
  renderNotice(emergencyNumber: string, replyTime: string | undefined): TemplateResult {
    return html`<div class="notice" part="notice" role="note" id="${this.id}-notice">
      ${icon(iconWarning)}
      <p>
        <strong>${msg('Not for emergencies.', { id: 'composer.emergency.title' })}</strong>
        ${msg(str`If this is an emergency, call ${emergencyNumber} now.`, { id: 'composer.emergency' })}
        ${replyTime ? msg(str`We usually reply within ${replyTime}.`, { id: 'composer.reply-time' }) : nothing}
      </p>
    </div>`;
  }

  /**
   * The text area, attachments and their errors (the element adds the send button).
   * `withNotice`: whether the element renders {@link renderNotice} (not for clinicians),
   * so the box never names a description that is not on the page.
   */
  render(label: string, locale: string, disabled = false, withNotice = true): TemplateResult {
    const { types, maxFiles, maxBytes } = this.limits();
    const describedBy = [withNotice ? `${this.id}-notice` : '', this.missing ? `${this.id}-missing` : ''].filter(Boolean).join(' ');
    return html`<div class="composer" part="composer">
      <label class="composer__label" for="${this.id}-text">${label}</label>
      <textarea
        id="${this.id}-text"
        part="composer-input"
        rows="4"
        .value=${this.text}
        ?disabled=${disabled}
        aria-invalid=${this.missing ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        @input=${(event: Event) => this.onInput(event)}
        ${ref(this.textarea)}
      ></textarea>
      ${this.missing
        ? html`<p class="composer__missing" id="${this.id}-missing">
            ${icon(iconWarning)}${msg('Write a message or attach a file.', { id: 'inbox.error.message' })}
          </p>`
        : nothing}
      <div class="composer__files">
        <input
          ${ref(this.fileInput)}
          id="${this.id}-file"
          class="visually-hidden"
          type="file"
          multiple
          tabindex="-1"
          aria-hidden="true"
          accept=${types.join(',')}
          @change=${(event: Event) => this.onFiles(event)}
        />
        <button
          type="button"
          id="${this.id}-attach"
          part="attach-button"
          ?disabled=${disabled || this.files.length >= maxFiles}
          aria-describedby="${this.id}-limits"
          @click=${() => this.fileInput.value?.click()}
        >
          ${msg('Attach files', { id: 'composer.attach' })}
        </button>
        <span class="composer__limits" id="${this.id}-limits">
          ${msg(str`Up to ${maxFiles} files, ${formatBytes(maxBytes, locale)} each: ${typeNames(types)}.`, { id: 'composer.limits' })}
        </span>
      </div>
      ${this.files.length
        ? html`<ul class="composer__attached" id="${this.id}-files" aria-label=${msg('Attached files', { id: 'composer.attached' })}>
            ${this.files.map(
              (file, index) => html`<li>
                <span class="file-name">${file.title}</span>
                <span class="file-size">${formatBytes(file.data.size, locale)}</span>
                <button
                  type="button"
                  class="link-button"
                  ?disabled=${disabled}
                  aria-label=${msg(str`Remove ${file.title}`, { id: 'composer.remove' })}
                  @click=${() => this.remove(index)}
                >
                  ${msg('Remove', { id: 'composer.remove-short' })}
                </button>
              </li>`,
            )}
          </ul>`
        : nothing}
      ${this.refused.length
        ? html`<div class="composer__refused" role="alert" part="attachment-error">
            <p>${msg('Some files were not attached:', { id: 'composer.refused' })}</p>
            <ul>
              ${this.refused.map((r) => html`<li><span class="file-name">${r.name}</span>: ${r.reason}</li>`)}
            </ul>
          </div>`
        : nothing}
    </div>`;
  }
}

function typeNames(types: string[]): string {
  const names: Record<string, string> = { 'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'text/plain': 'TXT' };
  return types.map((t) => names[t] ?? t).join(', ');
}

/** Styles of the composer, included by both elements. */
export const composerStyles = css`
  .composer {
    display: grid;
    gap: ${token('space-2')};
  }
  .composer__label {
    font-weight: 600;
  }
  textarea,
  input[type='text'],
  select {
    font: inherit;
    color: ${token('color-text')};
    background: ${token('color-surface')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    padding: ${token('space-2')};
    width: 100%;
    min-height: 2.75rem;
  }
  textarea {
    resize: vertical;
  }
  .composer__files {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('space-2')};
  }
  .composer__limits {
    font-size: ${token('font-size-small')};
    color: ${token('color-text-muted')};
  }
  .composer__attached {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: ${token('space-1')};
  }
  .composer__attached li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('space-2')};
  }
  .file-name {
    overflow-wrap: anywhere;
    font-weight: 600;
  }
  .file-size {
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
  }
  .composer__refused {
    color: ${token('color-danger')};
    background: ${token('color-danger-surface')};
    border: 1px solid currentColor;
    border-radius: ${token('radius')};
    padding: ${token('space-2')} ${token('space-3')};
  }
  .composer__refused p,
  .composer__refused ul {
    margin: 0;
  }
  .composer__missing {
    color: ${token('color-danger')};
    margin: 0;
    font-size: ${token('font-size-small')};
  }
  .notice {
    display: flex;
    gap: ${token('space-2')};
    padding: ${token('space-2')} ${token('space-3')};
    border: 1px solid ${token('color-warning')};
    background: ${token('color-warning-surface')};
    color: ${token('color-warning')};
    border-radius: ${token('radius')};
  }
  .notice p {
    margin: 0;
  }
  .link-button {
    min-height: 2.75rem;
    border: none;
    background: none;
    text-decoration: underline;
    padding: ${token('space-1')} ${token('space-2')};
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.7;
  }
`;
