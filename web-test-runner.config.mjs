/**
 * Browser tests: Web Test Runner in headless Chromium (Debian's `chromium`, or
 * CHROME_PATH). The local FHIR server and the fault-injecting proxy start with the
 * runner, so integration tests talk to a real FHIR endpoint over HTTP.
 */
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { startFhirServer } from './demo/server/fhir-server.mjs';


const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Starts the FHIR server and proxy with the runner; tests ask for their URLs. */
function fhirServerPlugin() {
  let fhir;
  let proxy;
  return {
    name: 'ehr-engage-fhir-server',
    async serverStart() {
      fhir = await startFhirServer({ port: 0 });
      const { startFaultProxy } = await import('./demo/server/fault-proxy.mjs');
      proxy = await startFaultProxy({ target: fhir.url.replace(/\/fhir\/R4\/?$/, '') });
      console.log(`FHIR server for tests: ${fhir.url} (ready in ${fhir.startMs} ms); fault proxy: ${proxy.url}`);
    },
    async serverStop() {
      await proxy?.close();
      await fhir?.close();
    },
    async executeCommand({ command, payload }) {
      if (command === 'fhir-endpoints') {
        return { fhirUrl: fhir.url, proxyUrl: proxy.url + fhir.url.slice(fhir.url.indexOf('/fhir')) };
      }
      if (command === 'set-fault') {
        if (payload) proxy.setFault(payload);
        else proxy.clear();
        return true;
      }
      return undefined;
    },
  };
}

/** Browser controls tests need: Chromium's own time-zone emulation. */
function browserControlPlugin() {
  return {
    name: 'ehr-engage-browser-control',
    async executeCommand({ command, payload, session }) {
      if (command !== 'set-timezone') return undefined;
      await session.browser.getPage(session.id).emulateTimezone(payload);
      return true;
    },
  };
}

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['development'] },
  concurrency: 2,
  // list every test by name (the contract suites show which adapter they ran against)
  reporters: [defaultReporter(), summaryReporter({ flatten: false })],
  testFramework: { config: { timeout: 10000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
      },
    }),
  ],
  testsFinishTimeout: 240_000,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }), browserControlPlugin(), fhirServerPlugin()],
  testRunnerHtml: (testFramework) => `<!doctype html>
    <html lang="en">
      <head><meta charset="utf-8"><title>ehr-engage tests</title></head>
      <body>
        <script>
          // Lit prints a "dev mode" notice once; any other Lit warning fails the test (see helpers.ts)
          globalThis.litIssuedWarnings = new Set(['dev-mode']);
        </script>
        <script type="module" src="${testFramework}"></script>
      </body>
    </html>`,
};
