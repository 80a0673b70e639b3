import { LitElement, isServer, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { TaskStatus, type Task } from '@lit/task';
import type { EngageAdapter, PortName, RecordRef, Role, Session } from '../adapters/ports.js';
import { adapterContext, sessionContext } from './context.js';
import { inLanguage, isLocaleLoaded, loadLocale, msg, str } from './localization.js';
import { inheritedLang, watchLang } from './lang.js';
import { pageDrafts, type DraftStore } from './drafts.js';
import { baseStyles } from './tokens.js';
import { renderEmpty, renderError, renderLoading, renderNotConfigured, stateStyles, type EmptyView } from './states.js';
import { VERSION } from './version.js';
import { claimAlert, releaseAlert } from './alert-scope.js';
import { FocusKeeper } from './focus-keeper.js';
import { isPendingAdapter } from './pending-adapter.js';
import { isEngageError } from './errors.js';

/**
 * The heading level to use for an element's `heading-level`: a whole number from 1 to 6 (a
 * level outside is brought to the nearest end), or 2 when the attribute is not a number, so
 * a host's typo never gives a screen reader `aria-level="NaN"`.
 */
export function headingLevelOf(value: number): number {
  const level = Math.round(value);
  return Number.isFinite(level) ? Math.min(6, Math.max(1, level)) : 2;
}

/**
 * What every element shares: it takes the adapter and session from the nearest
 * `<engage-provider>` (or from its own `adapter` / `session` properties, which win),
 * speaks its own language, and renders loading, empty, error and not-configured states
 * the same way as every other element.
 *
 * Its language, for text, dates and numbers: `session.locale`, else its own `lang`,
 * else its provider's `locale`, else the nearest ancestor's `lang`, else English.
 * While it updates that language is the active one, so a `msg` call in `render()` needs no
 * argument; text made outside an update goes through `localized()`.
 *
 * Subclasses describe the port they need with `requirePort()` and render a
 * `@lit/task` through `renderTask()`.
 *
 * @csspart state - Any loading, empty, error or not-configured message.
 * @csspart loading - The loading message (also `state`).
 * @csspart empty - The "nothing to show" message (also `state`).
 * @csspart error - The error message (also `state`).
 * @csspart not-configured - The message naming the missing port or patient (also `state`).
 * @csspart retry-button - The retry button of the error state.
 * @csspart empty-action - The next-step button of an empty state, where there is one.
 * @csspart illustration - The small picture of an empty state (decorative).
 * @csspart icon - Any of the inline SVG icons (decorative; words always stand beside them).
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

  /** Language of the element's text, dates and numbers (BCP 47); else inherited (see above). */
  @property({ reflect: true })
  override lang!: string;

  /** The nearest ancestor's `lang`, read when connected and when an ancestor's changes. */
  @state()
  private inheritedLang?: string;

  private unwatchLang?: () => void;
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
    // focus never falls to <body> when the focused control disappears (#19)
    new FocusKeeper(this);
    if (isServer) {
      // @lit-labs/ssr calls render() on its own, outside performUpdate(): give it the language too
      const render = this.render.bind(this);
      this.render = () => inLanguage(this.activeSession.locale, render);
    }
  }

  /*
   * Server-rendered markup (a declarative shadow root) is the first paint only: in the
   * browser the provider's adapter arrives before the first render, so that render
   * differs from the server's and cannot hydrate it. Start from an empty root instead.
   */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    this.shadowRoot?.replaceChildren();
    return super.createRenderRoot();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.inheritedLang = inheritedLang(this);
    this.unwatchLang = watchLang(() => (this.inheritedLang = inheritedLang(this)));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    releaseAlert(this);
    this.unwatchLang?.();
  }

  /*
   * Lit updates synchronously: willUpdate, render and updated all run inside this call,
   * so making the element's language the active one here localizes all of them.
   */
  protected override performUpdate(): void {
    const { locale } = this.activeSession;
    if (!isLocaleLoaded(locale)) {
      // render in English meanwhile, and again once the language's strings arrive
      loadLocale(locale).then(
        () => this.requestUpdate(),
        () => undefined, // strings that cannot load leave the element in English
      );
    }
    inLanguage(locale, () => super.performUpdate());
  }

  /** Runs `make` in the element's language: for text made outside an update (announcements). */
  protected localized<T>(make: () => T): T {
    return inLanguage(this.activeSession.locale, make);
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
    const locale = own.locale || this.lang || provided?.locale || this.inheritedLang || 'en';
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
      emptyText?: string | EmptyView;
      loadingText?: string;
    },
  ): TemplateResult {
    // Elements sharing an adapter announce one failure once (see alert-scope.ts).
    if (task.status !== TaskStatus.ERROR) releaseAlert(this);
    return (
      task.render({
        initial: () => renderLoading(view.loadingText),
        pending: () => renderLoading(view.loadingText),
        error: (error) =>
          renderError(
            error,
            () => void task.run(),
            claimAlert(this.activeAdapter, isEngageError(error) ? error.code : 'server', this),
          ),
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
    // the provider's FHIR adapter is still loading: not a setup problem
    if (isPendingAdapter(this.activeAdapter)) return renderLoading();
    if (!this.activeAdapter || !this.portOf(port)) {
      return renderNotConfigured(msg(str`an adapter with a "${port}" port`, { id: 'state.missing-port' }));
    }
    if (needsPatient && !this.activeSession.patient) {
      return renderNotConfigured(msg('a patient', { id: 'state.missing-patient' }));
    }
    return undefined;
  }
}
