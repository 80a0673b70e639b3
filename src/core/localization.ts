/**
 * The library's own translations: a small registry keyed by language, in the manner of
 * Shoelace's `@shoelace-style/localize`. Nothing here is global: no `@lit/localize`
 * configuration, no `window` property, no page-wide "current language". A host that
 * localizes its own strings with `@lit/localize` (or anything else) cannot collide with
 * it, and two elements on one page can speak two languages.
 *
 * Each element renders in its own language (see `EngageElement`): while it updates, its
 * language is the active one, so a plain `msg()` in `render()` needs no argument. Text
 * made outside an update (an announcement after a click) uses `inLanguage()`.
 *
 * English is the source language and lives in the code. Other languages are a file of
 * `id → translation` each, loaded on demand (see docs/localization.md).
 */

/** A template with placeholders, made with the `str` tag. */
export interface StrResult {
  readonly strings: readonly string[];
  readonly values: readonly unknown[];
  readonly [STR]: true;
}

const STR = Symbol('ehr-engage.str');

/** A translation: plain text, or a `str` template whose `${0}`, `${1}`… are the source's values. */
export type Translation = string | StrResult;

/** One language's strings, keyed by message id. */
export type Translations = Readonly<Record<string, Translation>>;

/** Tags text with placeholders for `msg()`: `msg(str\`Remove ${name}\`, { id })`. */
export function str(strings: TemplateStringsArray, ...values: unknown[]): StrResult {
  return { strings: [...strings], values, [STR]: true };
}

function isStr(value: unknown): value is StrResult {
  return typeof value === 'object' && value !== null && STR in value;
}

/*
 * Languages with a loader: the loader runs the first time an element needs the language.
 * A third language is one line here (and its file); see docs/localization.md.
 */
const loaders = new Map<string, () => Promise<{ templates: Translations }>>([
  ['es', () => import('./locales/es.js')],
]);

/** Languages the elements' own text is written in: English and every language above. */
export const SUPPORTED_LOCALES: readonly string[] = ['en', ...loaders.keys()];

const loaded = new Map<string, Translations>();
const loading = new Map<string, Promise<void>>();

/**
 * Adds (or extends) a language at run time, for hosts that bring their own translations:
 * `registerTranslation('fr', { 'state.loading': 'Chargement…', … })`. Elements created or
 * updated afterwards use it.
 */
export function registerTranslation(language: string, templates: Translations): void {
  const key = language.toLowerCase();
  loaded.set(key, { ...loaded.get(key), ...templates });
}

/** The UI language for a BCP 47 tag: `es-MX` → `es` when Spanish is known; unknown → `en`. */
export function uiLocale(tag: string | undefined): string {
  const full = (tag ?? '').toLowerCase().replace(/_/g, '-');
  if (full && (loaders.has(full) || loaded.has(full))) return full;
  const language = full.split('-')[0] ?? '';
  return loaders.has(language) || loaded.has(language) ? language : 'en';
}

/** Whether the strings of `tag`'s language are ready (English always is). */
export function isLocaleLoaded(tag: string | undefined): boolean {
  const language = uiLocale(tag);
  return language === 'en' || (loaded.has(language) && !loading.has(language));
}

/**
 * Loads the strings of `tag`'s language; resolves when they are registered. Elements
 * load their language themselves; call this first to have a server render, or the first
 * paint, in that language already.
 */
export function loadLocale(tag: string | undefined): Promise<void> {
  const language = uiLocale(tag);
  const load = loaders.get(language);
  if (!load || (loaded.has(language) && !loading.has(language))) return Promise.resolve();
  let pending = loading.get(language);
  if (!pending) {
    pending = load().then(
      (module) => {
        // strings a host registered for this language before it loaded stay on top
        loaded.set(language, { ...module.templates, ...loaded.get(language) });
        loading.delete(language);
      },
      (error: unknown) => {
        loading.delete(language); // let a later use try again
        throw error;
      },
    );
    loading.set(language, pending);
  }
  return pending;
}

/**
 * Kept for compatibility: the language is no longer a page-wide setting, so this only
 * loads the strings of `tag`'s language (see `loadLocale`).
 * @deprecated Set `locale` on `<engage-provider>` or `lang` on the element instead.
 */
export function applyLocale(tag: string | undefined): Promise<void> {
  return loadLocale(tag);
}

/* The language of the element now updating (or of an `inLanguage` call). */
let active = 'en';

/** Runs `make` with `tag`'s language as the one `msg()` uses, and returns its result. */
export function inLanguage<T>(tag: string | undefined, make: () => T): T {
  const previous = active;
  active = uiLocale(tag);
  try {
    return make();
  } finally {
    active = previous;
  }
}

/**
 * A data name in the active language (`loinc:718-7`), or `undefined` when the language has
 * none: for tables of names keyed by code, which `msg()` ids are not. English is the table's own.
 */
export function termInLanguage(key: string): string | undefined {
  const translated = active === 'en' ? undefined : loaded.get(active)?.[key];
  return typeof translated === 'string' ? translated : undefined;
}

/**
 * Text in the active language: the translation of `id`, else the English source.
 * `text` is the English source, with `str` for placeholders; a translation's `${0}`,
 * `${1}`… take the source's values in order.
 */
export function msg(text: string | StrResult, options: { id: string }): string {
  const translated = active === 'en' ? undefined : loaded.get(active)?.[options.id];
  const template = translated ?? text;
  if (!isStr(template)) return template;
  const values = isStr(text) ? text.values : [];
  return template.strings.reduce((out, part, i) => {
    if (i === 0) return part;
    // a translation's placeholder is an index into the source's values
    const value = translated === undefined ? template.values[i - 1] : values[Number(template.values[i - 1])];
    return out + String(value ?? '') + part;
  }, '');
}
