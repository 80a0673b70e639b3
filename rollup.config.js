/**
 * Three builds from the same sources:
 * 1. `npm`: one ESM entry per element plus the index and adapters, with Lit and
 *    DOMPurify left as imports so an app's bundler shares one copy.
 * 2. `script`: `dist/ehr-engage.js`, one minified, self-registering module with every
 *    dependency inside, for `<script type="module" src=…>`. Code only some pages need
 *    (Spanish strings) loads on demand from chunks beside it.
 * 3. `standalone`: each element alone, minified with its dependencies, for pages that
 *    embed a single element; also what the bundle budget measures per element.
 */
import { readdirSync, existsSync } from 'node:fs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

const elements = readdirSync('src/elements', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`src/elements/${entry.name}/${entry.name}.ts`))
  .map((entry) => entry.name);

const external = (id) => /^(lit|@lit\/|@lit-labs\/|dompurify)/.test(id);
const typescript = () => esbuild({ target: 'es2022', tsconfig: 'tsconfig.json', sourceMap: true });
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
    'adapters/memory': 'src/adapters/memory/index.ts',
    ...Object.fromEntries(elements.map((name) => [`elements/${name}`, `src/elements/${name}/${name}.ts`])),
  },
  external,
  plugins: [typescript()],
  onwarn,
  output: {
    dir: 'dist',
    format: 'es',
    sourcemap: true,
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
  },
};

const script = {
  input: { 'ehr-engage': 'src/ehr-engage.ts' },
  // let on-demand chunks import shared code from the bundle itself instead of
  // splitting it into a third file
  preserveEntrySignatures: 'allow-extension',
  plugins: [nodeResolve({ browser: true }), serverSafeLit(), typescript(), minify()],
  onwarn,
  output: {
    dir: 'dist',
    format: 'es',
    sourcemap: true,
    entryFileNames: '[name].js',
    chunkFileNames: 'ehr-engage-[name]-[hash].js',
  },
};

const standalone = elements.map((name) => ({
  input: { [name]: `src/elements/${name}/${name}.ts` },
  preserveEntrySignatures: 'allow-extension',
  plugins: [nodeResolve({ browser: true }), typescript(), minify()],
  onwarn,
  output: {
    dir: 'dist/standalone',
    format: 'es',
    sourcemap: true,
    entryFileNames: '[name].js',
    chunkFileNames: `${name}-[name]-[hash].js`,
  },
}));

export default [npm, script, ...standalone];
