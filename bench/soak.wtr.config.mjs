/**
 * Web Test Runner configuration of the full fault soak (bench/soak.bench.mjs): the test
 * command's configuration (the FHIR server and a fault proxy per page) running only the
 * soak's benchmark entry, with the size and seed from the environment and room for a long
 * run. The report is written to bench/results/soak.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import base from '../web-test-runner.config.mjs';

const params = {
  operations: Number(process.env.SOAK_OPERATIONS) || 1000,
  seed: Number(process.env.SOAK_SEED) || 20261201,
  rate: Number(process.env.SOAK_RATE) || 0.3,
};
const out = new URL('./results/soak.json', import.meta.url);

function soakPlugin() {
  return {
    name: 'ehr-engage-soak',
    async executeCommand({ command, payload }) {
      if (command === 'soak-params') return params;
      if (command === 'soak-progress') {
        process.stderr.write(`soak: ${payload} of ${params.operations} operations\n`);
        return true;
      }
      if (command === 'soak-report') {
        mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
        writeFileSync(out, JSON.stringify(payload, null, 2));
        return true;
      }
      return undefined;
    },
  };
}

export default {
  ...base,
  files: ['test/browser/soak/bench-entry.ts'],
  concurrency: 1,
  // a full soak takes many minutes on a loaded machine: the test command's limits are for tests
  testFramework: { config: { timeout: 4 * 3600_000 } },
  testsFinishTimeout: 4 * 3600_000,
  plugins: [...base.plugins, soakPlugin()],
};
