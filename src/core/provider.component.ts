import { LitElement, css, html, isServer, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { provide } from '@lit/context';
import type { EngageAdapter, RecordRef, Role, Session } from '../adapters/ports.js';
import type { TokenProvider } from '../adapters/fhir/client.js';
import { adapterContext, sessionContext } from './context.js';
import { inheritedLang, watchLang } from './lang.js';
import { darkThemeDeclarations, lightThemeDeclarations } from './tokens.js';
import { VERSION } from './version.js';
import { DEFAULT_PROXY_POLICY, type ProxyPolicy } from './proxy-policy.js';
import { withProxyPolicy } from './proxy-adapter.js';
import { isPendingAdapter, pendingAdapter } from './pending-adapter.js';

const ROLES: readonly Role[] = ['patient', 'caregiver', 'clinician'];

/**
 * Gives every `engage-*` element inside it the adapter (how to reach the backend) and
 * the session (patient, acting user, role, language, clock). Script-tag users can set
 * `fhir-base-url` and `patient` as attributes; programs set `adapter` to any adapter.
 *
 * @tag engage-provider
 * @summary Supplies the adapter, session and theme to the elements inside it.
 *
 * @slot - The host's content, including any `engage-*` elements.
 *
 * @cssprop --engage-color-surface - Background of cards and panels.
 * @cssprop --engage-color-text - Main text colour.
 * @cssprop --engage-color-accent - Links, buttons and focus.
 * @cssprop --engage-font-family - Font stack for every element.
 */
export class EngageProvider extends LitElement {
  static readonly engageVersion = VERSION;

  /*
   * Notes kept out of the CSS text, which ships as written:
   * - `@media print`: paper is white: print in the light theme whatever the screen shows.
   */
  static override styles = css`
    :host {
      display: contents;
    }
    :host([theme='light']) {
      ${lightThemeDeclarations}
      color-scheme: light;
    }
    :host([theme='dark']) {
      ${darkThemeDeclarations}
      color-scheme: dark;
    }
    @media (prefers-color-scheme: dark) {
      :host([theme='auto']) {
        ${darkThemeDeclarations}
        color-scheme: dark;
      }
    }
    @media print {
      :host,
      :host([theme='dark']),
      :host([theme='auto']) {
        ${lightThemeDeclarations}
        color-scheme: light;
      }
    }
  `;

  /** An adapter object (any subset of the ports). Takes precedence over `fhir-base-url`. */
  @property({ attribute: false })
  adapter?: EngageAdapter;

  /** Builds the FHIR adapter for this base URL when no `adapter` is set. */
  @property({ attribute: 'fhir-base-url' })
  fhirBaseUrl?: string;

  /** Supplies a bearer token for the FHIR adapter at each request; never stored. */
  @property({ attribute: false })
  getToken?: TokenProvider;

  /** The patient whose record the elements show, as `Patient/123`. */
  @property()
  patient?: RecordRef;

  /** The acting user, as `Practitioner/1`, `RelatedPerson/2` or `Patient/3`. */
  @property()
  user?: RecordRef;

  /** The acting user's display name. */
  @property({ attribute: 'user-name' })
  userName?: string;

  /**
   * Role of the acting user: `patient`, `caregiver` or `clinician`. (Not `role`, which
   * is the element's ARIA role.)
   */
  @property({ attribute: 'user-role' })
  userRole: Role = 'patient';

  /**
   * Language for the text, dates and numbers of the elements inside (BCP 47, e.g.
   * `es-MX`); default the provider's own or nearest ancestor's `lang`, else English. An
   * element's own `lang` wins over it, so one page can hold several languages.
   */
  @property()
  locale?: string;

  /** Colour theme: `light`, `dark`, or `auto` to follow the operating system. */
  @property({ reflect: true })
  theme: 'light' | 'dark' | 'auto' = 'light';

  /** The clock elements use for "today" and relative times; tests pass a fixed one. */
  @property({ attribute: false })
  now?: () => Date;

  /**
   * What a caregiver (proxy) may see and do, as data (`src/core/proxy-policy.ts`); default
   * `DEFAULT_PROXY_POLICY` (a parent proxy of a 12–17-year-old does not see confidential
   * records). Enforced here, around the adapter, for every element inside.
   */
  @property({ attribute: false })
  proxyPolicy: ProxyPolicy = DEFAULT_PROXY_POLICY;

  /** The adapter before the proxy policy is applied. */
  private baseAdapter?: EngageAdapter;

  @provide({ context: adapterContext })
  @state()
  protected providedAdapter?: EngageAdapter;

  @provide({ context: sessionContext })
  @state()
  protected providedSession?: Session;

  /** The provider's own or inherited `lang`, read in the browser only (never in render). */
  @state()
  private pageLang?: string;

  private unwatchLang?: () => void;

  /* A server-rendered (declarative) shadow root is replaced, not rendered beside. */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    this.shadowRoot?.replaceChildren();
    return super.createRenderRoot();
  }

  /**
   * A patient switcher inside asks to change the patient (and the caregiver's own record
   * for that patient); the acting user's name and role stay.
   */
  private readonly onSessionChange = (event: CustomEvent<{ patient: RecordRef; user?: RecordRef }>) => {
    event.stopPropagation();
    this.patient = event.detail.patient;
    if (event.detail.user) this.user = event.detail.user;
  };

  constructor() {
    super();
    this.addEventListener('engage-session-change', this.onSessionChange);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const read = () => (this.pageLang = this.getAttribute('lang') || inheritedLang(this));
    read();
    this.unwatchLang = watchLang(read);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unwatchLang?.();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const adapterChanged = changed.has('adapter') || changed.has('fhirBaseUrl') || changed.has('getToken');
    if (adapterChanged) {
      this.baseAdapter = this.adapter ?? (this.fhirBaseUrl ? pendingAdapter : undefined);
      if (!this.adapter && this.fhirBaseUrl && !isServer) void this.loadFhirAdapter(this.fhirBaseUrl, this.getToken);
    }
    if (adapterChanged || ['proxyPolicy', 'userRole', 'patient', 'now'].some((key) => (changed as Map<PropertyKey, unknown>).has(key))) {
      this.providedAdapter = this.withPolicy(this.baseAdapter);
    }
    const sessionKeys = ['patient', 'user', 'userName', 'userRole', 'locale', 'pageLang', 'now'] as const;
    if (sessionKeys.some((key) => (changed as Map<PropertyKey, unknown>).has(key)) || !this.providedSession) {
      const locale = this.locale || this.pageLang || 'en';
      // a new object each time, so that every consumer is notified
      this.providedSession = {
        patient: this.patient || undefined,
        user: this.user ? { ref: this.user, ...(this.userName ? { name: this.userName } : {}) } : undefined,
        role: ROLES.includes(this.userRole) ? this.userRole : 'patient',
        locale,
        now: this.now ?? (() => new Date()),
      };
    }
  }

  /** The one point where the proxy policy applies: every element reads through it. */
  private withPolicy(adapter: EngageAdapter | undefined): EngageAdapter | undefined {
    if (!adapter || isPendingAdapter(adapter)) return adapter;
    const role = ROLES.includes(this.userRole) ? this.userRole : 'patient';
    const now = this.now ?? (() => new Date());
    return withProxyPolicy(adapter, this.proxyPolicy, { role, patient: this.patient || undefined, now });
  }

  /**
   * Builds the FHIR adapter for `fhir-base-url` from its own chunk, so a page that sets
   * `adapter` never downloads it. A newer adapter, URL or token provider set meanwhile wins.
   */
  private async loadFhirAdapter(baseUrl: string, getToken: TokenProvider | undefined): Promise<void> {
    const { createFhirAdapter } = await import('../adapters/fhir/index.js');
    if (this.adapter || this.fhirBaseUrl !== baseUrl || this.getToken !== getToken) return;
    this.baseAdapter = createFhirAdapter({ baseUrl, getToken });
    this.providedAdapter = this.withPolicy(this.baseAdapter);
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
