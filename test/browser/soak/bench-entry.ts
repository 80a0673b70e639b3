/**
 * The browser side of `npm run bench:soak` (bench/soak.bench.mjs), not a test of the test
 * command: one soak of the size and seed the benchmark asks for, its report handed back to
 * the benchmark through the runner's `soak-report` command. The verdict is asserted too, so
 * the run fails when the soak finds a defect.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { fhirEndpoints } from '../helpers.js';
import { ignoreResizeObserverLoop } from '../message-helpers.js';
import { runSoak } from './soak.js';

ignoreResizeObserverLoop();

describe('fault soak (benchmark)', function () {
  it('runs the soak the benchmark asked for', async () => {
    const params = await executeServerCommand<{ operations: number; seed: number; rate: number }, undefined>('soak-params');
    if (!params) throw new Error('run through bench/soak.bench.mjs');
    const { fhirUrl, proxyUrl } = await fhirEndpoints();
    const report = await runSoak({
      fhirUrl,
      proxyUrl,
      ...params,
      onProgress: (done) => {
        if (done % 50 === 0) void executeServerCommand('soak-progress', done);
      },
    });
    await executeServerCommand('soak-report', report);
    expect(report.findings, `seed ${params.seed}`).to.deep.equal([]);
    expect(report.stuck).to.equal(0);
  });
});
