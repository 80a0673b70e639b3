/**
 * Custom Elements Manifest: generated from the elements' JSDoc into
 * custom-elements.json (committed). Storybook's docs and editors read it;
 * test/node/manifest.test.mjs fails when it is stale.
 */
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.styles.ts', 'src/core/locales/**'],
  // the staleness test writes a fresh copy elsewhere to compare
  outdir: process.env.CEM_OUTDIR ?? '.',
  litelement: true,
  dependencies: false,
  packagejson: false,
};
