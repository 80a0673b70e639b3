/**
 * The short fault soak (issue 10) in the test command: about 40 user operations across the
 * message thread, the refill request and the decision aid, through the seeded chaos proxy
 * to the local FHIR server, judged on the server (test/browser/soak/soak.ts). The full run
 * (≥ 1,000 operations) is `npm run bench:soak`. A failure names the seed and the operations.
 */
import { expect } from '@open-wc/testing';
import { fhirEndpoints } from './helpers.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';
import { runSoak } from './soak/soak.js';

ignoreResizeObserverLoop();

const SEED = 20261201;

describe('fault soak: what the user last saw is what the server holds', function () {
  it(`40 operations through the chaos proxy (seed ${SEED}): 0 duplicates, 0 lost, 0 mismatches`, async () => {
    const { fhirUrl, proxyUrl } = await fhirEndpoints();
    const report = await runSoak({ fhirUrl, proxyUrl, operations: 40, seed: SEED });
    console.log(`soak seed ${SEED}: ${JSON.stringify(report)}`);
    // the run must have exercised the protocol: faults, lost answers and every kind of retry
    expect(report.operations).to.be.at.least(40);
    expect(report.faults['drop-after'] ?? 0, 'answers lost after the server applied the write').to.be.above(0);
    expect(report.retries.same + report.retries.edited + report.retries.newMessage).to.be.above(0);
    expect(report.findings, `seed ${SEED}`).to.deep.equal([]);
    expect(report.stuck, 'operations that never succeeded').to.equal(0);
    expect([report.duplicates, report.lost, report.mismatches]).to.deep.equal([0, 0, 0]);
  });
});
