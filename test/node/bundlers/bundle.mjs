// @ts-check
/**
 * The host's production builds: each bundler in the mode its users ship with, one
 * multi-entry build per bundler (every entry of the scratch app at once), written to
 * `out/<bundler>/` with one HTML page per entry. Only what a vendor's configuration
 * would say anyway: production mode, minification, code splitting.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A page that runs one built entry; `module` for ES module output. */
function page(script, module = true) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title></head><body>
<script ${module ? 'type="module"' : 'defer'} src="${script}"></script>
</body></html>\n`;
}

/** @typedef {{ name: string, file: string }} Entry */

/** esbuild: bundle, split, minify, production NODE_ENV. */
async function esbuild(root, entries, out) {
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(entries.map((e) => [e.name, e.file])),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir: out,
    logLevel: 'silent',
  });
  for (const e of entries) writeFileSync(join(out, `${e.name}.html`), page(`./${e.name}.js`));
}

/** Vite: `vite build` of one HTML page per entry, its default production build. */
async function vite(root, entries, out) {
  const { build } = await import('vite');
  const input = {};
  for (const e of entries) {
    const html = join(root, 'app', `${e.name}.html`);
    writeFileSync(html, page(`./entries/${e.name}.js`));
    input[e.name] = html;
  }
  await build({
    root: join(root, 'app'),
    configFile: false,
    base: './',
    logLevel: 'silent',
    cacheDir: join(root, '.vite'),
    build: { outDir: out, emptyOutDir: true, rollupOptions: { input } },
  });
}

/** rollup: node-resolve for the browser and terser, as its docs set up an app. */
async function rollup(root, entries, out) {
  const { rollup: bundle } = await import('rollup');
  const { default: nodeResolve } = await import('@rollup/plugin-node-resolve');
  const { default: terser } = await import('@rollup/plugin-terser');
  const build = await bundle({
    input: Object.fromEntries(entries.map((e) => [e.name, e.file])),
    plugins: [nodeResolve({ browser: true, rootDir: root }), terser()],
    onwarn: () => {},
  });
  await build.write({ dir: out, format: 'es', entryFileNames: '[name].js' });
  await build.close();
  for (const e of entries) writeFileSync(join(out, `${e.name}.html`), page(`./${e.name}.js`));
}

/** webpack: `mode: 'production'`, its default chunking, classic scripts. */
async function webpack(root, entries, out) {
  const { default: compile } = await import('webpack');
  const stats = await new Promise((done, fail) =>
    compile(
      {
        mode: 'production',
        context: root,
        entry: Object.fromEntries(entries.map((e) => [e.name, e.file])),
        output: { path: out, filename: '[name].js', publicPath: 'auto', clean: true },
        performance: { hints: false },
        infrastructureLogging: { level: 'error' },
      },
      (error, result) => (error ? fail(error) : done(result)),
    ),
  );
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  for (const e of entries) writeFileSync(join(out, `${e.name}.html`), page(`./${e.name}.js`, false));
}

export const BUNDLERS = { esbuild, vite, rollup, webpack };

/**
 * Builds the scratch app with one bundler into `out/<bundler>/`.
 * @param {keyof typeof BUNDLERS} bundler
 * @param {string} root
 * @param {Entry[]} entries
 */
export async function bundle(bundler, root, entries) {
  const out = join(root, 'out', bundler);
  mkdirSync(out, { recursive: true });
  await BUNDLERS[bundler](root, entries, out);
  return `out/${bundler}`;
}
