import { LitElement, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { updateWhenLocaleChanges, msg, str } from '@lit/localize';
import type { Task } from '@lit/task';
import type { EngageAdapter, PortName, RecordRef, Role, Session } from '../adapters/ports.js';
import { adapterContext, sessionContext } from './context.js';
import { pageDrafts, type DraftStore } from './drafts.js';
import { baseStyles } from './tokens.js';
import { renderEmpty, renderError, renderLoading, renderNotConfigured, stateStyles } from './states.js';
import { VERSION } from './version.js';

/**
 * What every element shares: it takes the adapter and session from the nearest
 * `<engage-provider>` (or from its own `adapter` / `session` properties, which win),
 * re-renders when the UI language changes, and renders loading, empty, error and
 * not-configured states the same way as every other element.
 *
 * Subclasses describe the port they need with `requirePort()` and render a
 * `@lit/task` through `renderTask()`.
 */
export abstract class EngageElement extends LitElement {
  /** Version of the library that defined this element (for duplicate-copy warnings). */
  static readonly engageVersion = VERSION;

  static override styles = [baseStyles, stateStyles];

  @consume({ context: adapterContext, subscribe: true })
  @state()
  private contextAdapter?: EngageAdapter;

  @consume({ context: sessionContext, subscribe: true })
  @state()
  private contextSession?: Session;

  /** The adapter to use instead of the provider's. */
  @property({ attribute: false })
  adapter?: EngageAdapter;

  /** Session fields to use instead of the provider's (any subset). */
  @property({ attribute: false })
  session?: Partial<Session>;

  /** The patient to show (`Patient/123`), instead of the session's patient. */
  @property({ reflect: false })
  patient?: RecordRef;

  /**
   * Where unsent text is kept (see `src/core/drafts.ts`); default memory for the page's
   * lifetime. Pass a `SessionStorageDraftStore` to keep drafts across a reload.
   */
  @property({ attribute: false })
  draftStore?: DraftStore;

  /** The draft store in use. */
  protected get draftsInUse(): DraftStore {
    return this.draftStore ?? pageDrafts;
  }

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /** The adapter in effect: the element's own, else the provider's. */
  protected get activeAdapter(): EngageAdapter | undefined {
    return this.adapter ?? this.contextAdapter;
  }

  /** The session in effect, with defaults for anything nobody set. */
  protected get activeSession(): Session {
    const provided = this.contextSession;
    const own = this.session ?? {};
    const role: Role = own.role ?? provided?.role ?? 'patient';
    const locale = own.locale ?? provided?.locale ?? (document.documentElement.lang || navigator.language || 'en');
    return {
      role,
      locale,
      now: own.now ?? provided?.now ?? (() => new Date()),
      patient: this.patient ?? own.patient ?? provided?.patient,
      user: own.user ?? provided?.user,
    };
  }

  /** The named port, or `undefined` when the adapter lacks it. */
  protected portOf<K extends PortName>(name: K): EngageAdapter[K] | undefined {
    return this.activeAdapter?.[name];
  }

  /**
   * Renders a task's state: loading, error with retry, empty (when `isEmpty` says so)
   * or the complete value.
   */
  protected renderTask<T>(
    task: Task<readonly unknown[], T>,
    view: {
      complete: (value: T) => TemplateResult;
      isEmpty?: (value: T) => boolean;
      emptyText?: string;
      loadingText?: string;
    },
  ): TemplateResult {
    return (
      task.render({
        initial: () => renderLoading(view.loadingText),
        pending: () => renderLoading(view.loadingText),
        error: (error) => renderError(error, () => void task.run()),
        complete: (value) =>
          view.isEmpty?.(value)
            ? renderEmpty(view.emptyText ?? msg('Nothing to show.', { id: 'state.empty' }))
            : view.complete(value),
      }) ?? renderLoading(view.loadingText)
    );
  }

  /**
   * The "not configured" state when the adapter lacks `port` or no patient is set;
   * `undefined` when the element has what it needs.
   */
  protected renderMissing(port: PortName, needsPatient = true): TemplateResult | undefined {
    if (!this.activeAdapter || !this.portOf(port)) {
      return renderNotConfigured(msg(str`an adapter with a "${port}" port`, { id: 'state.missing-port' }));
    }
    if (needsPatient && !this.activeSession.patient) {
      return renderNotConfigured(msg('a patient', { id: 'state.missing-patient' }));
    }
    return undefined;
  }
}
