/**
 * Code loaded on first use (`core/on-first-use.ts`): the FHIR messaging port's sends,
 * attachments and directory, and the summary port's send, load this way. A load that
 * fails must reach the element as a network failure, which keeps the user's input.
 */
import { expect } from '@open-wc/testing';
import { isEngageError } from '../../src/core/errors.js';
import { onFirstUse } from '../../src/core/on-first-use.js';

describe('onFirstUse', () => {
  it('gives the loaded module', async () => {
    const load = onFirstUse(() => import('../../src/core/errors.js'));
    const module = await load();
    expect(module.isEngageError).to.equal(isEngageError);
  });

  it('reports a chunk the server no longer has as a network failure, with the cause kept', async () => {
    // a real dynamic import of a missing file: the browser's own failure, not a made-up one
    const missing = `/no-such-chunk-${Math.random().toString(36).slice(2)}.js`;
    const load = onFirstUse(() => import(missing));
    const error: unknown = await load().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isEngageError(error), 'an EngageError').to.equal(true);
    expect((error as { code: string }).code).to.equal('network');
    expect((error as Error).cause).to.be.instanceOf(TypeError);
  });

  it('does not remember a failed load: the next use loads again', async () => {
    let attempts = 0;
    const load = onFirstUse(async () => {
      attempts++;
      if (attempts === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return { ready: true };
    });
    const first = await load().then(
      () => 'loaded',
      (e: unknown) => (isEngageError(e) ? e.code : 'other'),
    );
    expect(first).to.equal('network');
    expect(await load()).to.deep.equal({ ready: true });
    expect(attempts).to.equal(2);
  });
});
