import { configureLocalization } from '@lit/localize';

/** Locales the elements' own text is written in. */
export const SUPPORTED_LOCALES = ['en', 'es'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/*
 * English is compiled in; Spanish loads on demand from a chunk beside the bundle,
 * so English-only pages do not download it.
 */
const { getLocale, setLocale } = configureLocalization({
  sourceLocale: 'en',
  targetLocales: ['es'],
  loadLocale: () => import('./locales/es.js'),
});

/** The UI language to use for a BCP 47 tag: `es-MX` → `es`; unknown → `en`. */
export function uiLocale(tag: string | undefined): SupportedLocale {
  const language = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return language === 'es' ? 'es' : 'en';
}

/**
 * Switches the elements' text to the language of `tag`. Every element re-renders once
 * the strings have loaded. Resolves when the switch is done.
 */
export async function applyLocale(tag: string | undefined): Promise<void> {
  const next = uiLocale(tag);
  if (getLocale() !== next) await setLocale(next);
}

export { getLocale };
