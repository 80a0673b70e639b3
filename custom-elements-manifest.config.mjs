/**
 * Custom Elements Manifest: generated from the elements' JSDoc into
 * custom-elements.json (committed). Storybook's docs and editors read it;
 * test/node/manifest.test.mjs fails when it is stale.
 */
export default {
  // the elements and what they inherit; adapters and helpers are documented by their .d.ts
  globs: ['src/elements/**/*.ts', 'src/core/engage-element.ts', 'src/core/provider.component.ts'],
  exclude: ['src/**/*.styles.ts', 'src/**/*.es.ts'],
  // the staleness test writes a fresh copy elsewhere to compare
  outdir: process.env.CEM_OUTDIR ?? '.',
  litelement: true,
  dependencies: false,
  packagejson: false,
  plugins: [
    {
      // files are read in directory order, which differs between machines: sort the
      // modules so the committed manifest does not change with the checkout
      name: 'sort-modules',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
      },
    },
  ],
};
