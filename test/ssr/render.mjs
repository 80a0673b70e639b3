/**
 * Renders one element of the built package with @lit-labs/ssr, the way a host's server
 * would: `render()` + `collectResult()` over Lit templates, with Lit's own Node build
 * (and its DOM shim) doing the work. Used by test/node/ssr.test.mjs and, through the
 * test runner's `ssr-render` command, by the browser test that hydrates the output.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { html, nothing } from 'lit';

const root = join(import.meta.dirname, '..', '..');

/** Every element's tag, from its folder in src/elements. */
export const ELEMENT_TAGS = readdirSync(join(root, 'src', 'elements')).map((name) => `engage-${name}`);

let library;

/**
 * Server markup of `<tag>`: inside `<engage-provider>` when `provider` is given, with its
 * own (empty) memory adapter when `ownAdapter`, and with a `lang` when given.
 * @param {string} tag
 * @param {{ provider?: { locale?: string }, ownAdapter?: boolean, lang?: string, patient?: string }} options
 */
export async function renderElement(tag, options = {}) {
  const entry = join(root, 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error('server rendering needs the built package: run `node scripts/build.mjs` first');
  library ??= await import(pathToFileURL(entry).href);
  const patient = options.patient ?? 'Patient/1';
  const element = staticHtml`<${unsafeStatic(tag)}
    patient=${patient}
    lang=${options.lang ?? nothing}
    .adapter=${options.ownAdapter ? library.createMemoryAdapter() : undefined}
  ></${unsafeStatic(tag)}>`;
  const page = options.provider
    ? html`<engage-provider patient=${patient} locale=${options.provider.locale ?? nothing}>${element}</engage-provider>`
    : element;
  return collectResult(render(page));
}
