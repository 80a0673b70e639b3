import { css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import type { CodedValue, InfobuttonResult, KnowledgeEntry } from '../../adapters/ports.js';
import { EngageElement } from '../../core/engage-element.js';
import { emit } from '../../core/events.js';
import { codedText } from '../../core/format.js';
import { msg, str } from '../../core/localization.js';
import { renderLoading } from '../../core/states.js';
import { token } from '../../core/tokens.js';

import type * as Panel from './learn-more-panel.js';

/**
 * A "Learn more" button (an HL7 infobutton) for one coded problem, medicine or test. On
 * first use it loads its panel and asks the adapter's `knowledge` port for information in
 * the element's language, for the acting user (patient or clinician) and the patient's age
 * and sex; the answer is shown below the button. Nothing is shown when the adapter has no
 * `knowledge` port or the value carries no code.
 *
 * A knowledge service that is down or slow never blocks the page around it: the panel
 * says the information is unavailable and offers to try again.
 *
 * @tag engage-learn-more
 * @summary Context-aware information links (infobutton) for a coded problem, medicine or test.
 * @csspart button - The "Learn more" button.
 * @csspart panel - The panel holding the information.
 * @fires engage-learn-more-assign - A clinician assigned an entry to the patient as education (`detail.entry`).
 * @fires engage-learn-more-toggle - The panel opened or closed (`detail.open`, `detail.coded`).
 * @cssprop --engage-learn-more-panel-background - Background of the panel.
 */
export class EngageLearnMore extends EngageElement {
  static override styles = [
    ...EngageElement.styles,
    css`
      :host {
        display: block;
      }
      button {
        font: inherit;
        font-size: ${token('font-size-small')};
        min-height: 2.75rem;
        padding: 0 ${token('space-2')};
        background: none;
        border: 1px solid transparent;
        border-radius: ${token('space-1')};
        color: ${token('color-accent')};
        text-decoration: underline;
        cursor: pointer;
      }
      button:focus-visible {
        outline: 2px solid ${token('color-focus')};
        outline-offset: 2px;
      }
      .panel {
        margin-top: ${token('space-2')};
        padding: ${token('space-3')};
        border-left: 4px solid ${token('color-accent')};
        background: var(--engage-learn-more-panel-background, ${token('color-surface-raised')});
        overflow-wrap: anywhere;
      }
      .panel[hidden] {
        display: none;
      }
      .entries {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .entry + .entry {
        margin-top: ${token('space-3')};
      }
      .entry__title {
        font-weight: 600;
        margin: 0 0 ${token('space-1')};
      }
      .entry__summary :first-child {
        margin-top: 0;
      }
      .source,
      .attribution {
        font-size: 0.85em;
        margin: ${token('space-2')} 0 0;
      }
    `,
  ];

  /** The coded problem, medicine or test to look up (its text names it for screen readers). */
  @property({ attribute: false })
  coded?: CodedValue;

  /** Whether the panel is open; the first opening asks the knowledge service. */
  @property({ type: Boolean, reflect: true })
  open = false;

  /** Set by the first opening: nothing is asked before a user wants it. */
  @state() private requested = false;
  /** Entry URLs a clinician assigned from this panel, and those whose assignment failed. */
  @state() private assigned = new Set<string>();
  @state() private assignFailed = new Set<string>();
  /** Bumped by "Try again". */
  @state() private attempt = 0;
  private panel?: typeof Panel;

  /*
   * Runs again by itself when the value, the language or the audience changes while the
   * answer is wanted; the task's signal cancels a look-up that is no longer needed.
   */
  private readonly lookupTask = new Task(this, {
    args: () => [this.requested, this.coded, this.context.language, this.context.recipient, this.attempt] as const,
    task: async ([requested, coded], { signal }): Promise<InfobuttonResult | undefined> => {
      const port = this.portOf('knowledge');
      if (!requested || !coded || !port) return undefined;
      this.panel ??= await import('./learn-more-panel.js');
      return this.panel.lookupCoded(port, coded, this.context, signal);
    },
  });

  private get context() {
    const session = this.activeSession;
    return {
      recipient: session.role === 'clinician' ? ('provider' as const) : ('patient' as const),
      language: session.locale.toLowerCase().startsWith('es') ? ('es' as const) : ('en' as const),
      patient: session.patient,
      patientPort: this.portOf('patient'),
      today: session.now(),
    };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.open) this.requested = true;
  }

  private toggle(): void {
    this.open = !this.open;
    emit(this, 'engage-learn-more-toggle', { open: this.open, coded: this.coded! });
  }

  /** A clinician with an education port may assign an entry to the patient. */
  private get assigning(): Panel.Assigning | undefined {
    const education = this.portOf('education');
    const { role, patient, locale } = this.activeSession;
    if (!education || role !== 'clinician' || !patient || !this.panel) return undefined;
    const panel = this.panel;
    return {
      done: this.assigned,
      failed: this.assignFailed,
      assign: (entry) =>
        void panel.assignEntry(education, patient, entry, locale).then(
          () => {
            this.assigned = new Set(this.assigned).add(entry.url!);
            emit(this, 'engage-learn-more-assign', { entry });
          },
          () => (this.assignFailed = new Set(this.assignFailed).add(entry.url!)),
        ),
    };
  }

  override render() {
    if (!this.portOf('knowledge') || !this.coded?.codings.some((c) => c.code && c.system)) return nothing;
    const label = codedText(this.coded);
    const loading = () => renderLoading(msg('Looking for information…', { id: 'learn-more.loading' }));
    return html`<button part="button" type="button" aria-expanded=${this.open ? 'true' : 'false'} aria-controls="panel" @click=${this.toggle}>
        ${msg('Learn more', { id: 'learn-more.button' })}<span class="visually-hidden">${label ? msg(str` about ${label}`, { id: 'learn-more.about' }) : ''}</span>
      </button>
      <div id="panel" part="panel" class="panel" ?hidden=${!this.open}>
        ${this.open
          ? this.lookupTask.render({
              initial: loading,
              pending: loading,
              complete: (result) => (result && this.panel ? this.panel.renderPanel(result, label, () => this.attempt++, this.assigning) : loading()),
              // only the panel's own code failing to load lands here: the port never rejects for a fault
              error: () => html`<p role="alert">${msg('Information is unavailable right now. The rest of the page still works.', { id: 'learn-more.unavailable' })}</p>`,
            })
          : nothing}
      </div>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** A "Learn more" panel opened or closed. */
    'engage-learn-more-toggle': CustomEvent<{ open: boolean; coded: CodedValue }>;
    /** A clinician assigned a "Learn more" entry to the patient (after the port stored it). */
    'engage-learn-more-assign': CustomEvent<{ entry: KnowledgeEntry }>;
  }
}
