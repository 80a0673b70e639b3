// Bundles TypeScript sources with esbuild into a temporary ES module and imports it, so a
// node test can exercise src/ without a build of dist/ (as fuzz-mapping.test.mjs does).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * Imports the named exports of `modules` (paths from the repository root) as one module.
 * @param {string[]} modules
 */
export async function importTs(modules) {
  const dir = mkdtempSync(join(tmpdir(), 'engage-ts-'));
  try {
    const result = await build({
      stdin: { contents: modules.map((m) => `export * from './${m}';`).join('\n'), resolveDir: process.cwd(), loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      tsconfig: 'tsconfig.json',
    });
    const out = join(dir, 'bundle.mjs');
    writeFileSync(out, result.outputFiles[0].text);
    return await import(pathToFileURL(out).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
