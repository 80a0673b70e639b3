/**
 * Two builds from the same sources, both into `dist/` (what the package ships):
 * 1. `npm`: one ESM entry per element plus the index, the provider and the adapters,
 *    with Lit and DOMPurify left as imports so an app's bundler shares one copy.
 * 2. `script`: `dist/ehr-engage.js`, one minified, self-registering module with every
 *    dependency inside, for `<script type="module" src=…>`. Code only some pages need
 *    (each element, Spanish strings) loads on demand from chunks beside it.
 * A third, `standalone(dir)`, builds each element alone, minified with its dependencies:
 * what the bundle budget (scripts/size.mjs) measures per element. It is not shipped, so
 * it is not part of the default build and writes outside dist/.
 *
 * Source maps are off unless EHR_ENGAGE_SOURCEMAP=1: the npm build is readable,
 * unminified ESM that a host's bundler maps itself, and the script bundle's maps would
 * double the package for sources that are public in the repository.
 */
import { readdirSync, existsSync } from 'node:fs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { minifyCss } from './scripts/minify-css-literals.mjs';

const elements = readdirSync('src/elements', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`src/elements/${entry.name}/${entry.name}.ts`))
  .map((entry) => entry.name);

const fhirPortEntries = readdirSync('src/adapters/fhir/entries').map((file) => file.replace(/\.ts$/, ''));

const external = (id) => /^(lit|@lit\/|@lit-labs\/|dompurify)/.test(id);
const sourcemap = process.env.EHR_ENGAGE_SOURCEMAP === '1';
const typescript = () => esbuild({ target: 'es2022', tsconfig: 'tsconfig.json', sourceMap: sourcemap });
const minify = () =>
  terser({ ecma: 2022, module: true, format: { comments: false }, compress: { passes: 2 } });
const onwarn = (warning, warn) => {
  // Lit's decorators and TypeScript's helpers use `this` at module level in some builds
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
};

/*
 * The script-tag bundle holds Lit's browser build, which touches the DOM as it loads
 * (`extends HTMLElement`, `document`); Lit's Node build guards both. The same guards
 * here let a server import the bundle without throwing; browsers are unaffected. The
 * build fails if a Lit update moves either spot.
 */
const serverSafeLit = () => ({
  name: 'server-safe-lit',
  transform(code, id) {
    const guards = [
      [/[\\/]@lit[\\/]reactive-element[\\/]reactive-element\.js$/, 'extends HTMLElement', 'extends (globalThis.HTMLElement ?? class {})'],
      [/[\\/]lit-html[\\/]lit-html\.js$/, '=document,', '=globalThis.document??{createTreeWalker:()=>({})},'],
    ];
    for (const [file, from, to] of guards) {
      if (!file.test(id)) continue;
      if (code.split(from).length !== 2) this.error(`server-safe-lit: expected "${from}" once in ${id}`);
      return code.replace(from, to);
    }
    return null;
  },
});

const npm = {
  input: {
    index: 'src/index.ts',
    provider: 'src/core/provider.ts',
    'adapters/fhir': 'src/adapters/fhir/index.ts',
    // one entry per FHIR port (`ehr-engage/adapters/fhir/summary`, …): a page carries only its ports
    ...Object.fromEntries(fhirPortEntries.map((name) => [`adapters/fhir/${name}`, `src/adapters/fhir/entries/${name}.ts`])),
    'adapters/memory': 'src/adapters/memory/index.ts',
    'adapters/hl7v2': 'src/adapters/hl7v2/index.ts',
    'adapters/infobutton': 'src/adapters/infobutton/index.ts',
    // the CDSi forecaster as a plain function, for a vendor's backend in Node (issue #13)
    'immunization-forecast': 'src/immunization-forecast/index.ts',
    ...Object.fromEntries(elements.map((name) => [`elements/${name}`, `src/elements/${name}/${name}.ts`])),
  },
  external,
  /*
   * Rollup's default ('exports-only') turns an entry into a facade that only re-exports
   * from a shared chunk whenever another entry needs more of its module than it exports
   * (the index needs `validateAid`, `eligibilityOf`…). The `define()` call then sits in
   * dist/chunks/, outside `sideEffects`, and a host's bundler drops it. Letting entries
   * export more keeps every registration in its own entry file; the package test checks
   * that no other built file calls define.
   */
  preserveEntrySignatures: 'allow-extension',
  plugins: [minifyCss(), typescript()],
  onwarn,
  output: {
    dir: 'dist',
    format: 'es',
    sourcemap,
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
  },
};

const script = {
  input: { 'ehr-engage': 'src/ehr-engage.ts' },
  // let on-demand chunks import shared code from the bundle itself instead of
  // splitting it into a third file
  preserveEntrySignatures: 'allow-extension',
  plugins: [nodeResolve({ browser: true }), serverSafeLit(), minifyCss(), typescript(), minify()],
  onwarn,
  output: {
    dir: 'dist',
    format: 'es',
    sourcemap,
    entryFileNames: '[name].js',
    // an element's on-demand chunk registers it: its own name, so `sideEffects` lists exactly these.
    // Look at every module of the chunk, not only its facade: when a lazily loaded part of an
    // element (its download builders) imports from the element's chunk, that chunk has no facade.
    chunkFileNames: (chunk) =>
      elements.some((name) => chunk.moduleIds.some((id) => id.endsWith(`/src/elements/${name}/${name}.ts`)))
        ? 'ehr-engage-element-[name]-[hash].js'
        : 'ehr-engage-[name]-[hash].js',
  },
};

/**
 * Every element with its dependencies, minified, into `dir` (for the bundle budget).
 * One build with an entry per element: what a page that loads one element downloads
 * is that entry plus the chunks it imports statically, which scripts/size.mjs adds up.
 * One build instead of one per element, so Lit and DOMPurify are minified once.
 */
export const standalone = (dir) => ({
  input: Object.fromEntries(elements.map((name) => [name, `src/elements/${name}/${name}.ts`])),
  preserveEntrySignatures: 'allow-extension',
  plugins: [nodeResolve({ browser: true }), minifyCss(), typescript(), minify()],
  onwarn,
  output: {
    dir,
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
  },
});

export default [npm, script];
