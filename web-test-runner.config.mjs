/**
 * Browser tests: Web Test Runner in headless Chromium (Debian's `chromium`, or
 * CHROME_PATH). The local FHIR server and the fault-injecting proxy start with the
 * runner, so integration tests talk to a real FHIR endpoint over HTTP.
 */
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { startFhirServer } from './demo/server/fhir-server.mjs';
import { TEST_CHROMIUM_ARGS } from './scripts/ensure-chromium.mjs';


const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';

/**
 * Starts the FHIR server with the runner; tests ask for its URL. Each test file (browser
 * session) gets its own fault-injecting proxy in front of it, so a fault one file sets
 * can never reach a request of another file running at the same time.
 */
function fhirServerPlugin() {
  let fhir;
  const proxies = new Map();
  const proxyFor = async (sessionId) => {
    if (!proxies.has(sessionId)) {
      const { startFaultProxy } = await import('./demo/server/fault-proxy.mjs');
      proxies.set(sessionId, startFaultProxy({ target: fhir.url.replace(/\/fhir\/R4\/?$/, '') }));
    }
    return proxies.get(sessionId);
  };
  return {
    name: 'ehr-engage-fhir-server',
    async serverStart() {
      fhir = await startFhirServer({ port: 0 });
      console.log(`FHIR server for tests: ${fhir.url} (ready in ${fhir.startMs} ms)`);
    },
    async serverStop() {
      await Promise.all([...proxies.values()].map(async (proxy) => (await proxy).close()));
      await fhir?.close();
    },
    async executeCommand({ command, payload, session }) {
      if (command === 'fhir-endpoints') {
        const proxy = await proxyFor(session.id);
        return { fhirUrl: fhir.url, proxyUrl: proxy.url + fhir.url.slice(fhir.url.indexOf('/fhir')) };
      }
      if (command === 'fault-applied') {
        // faults the proxy injected so far, by kind (the soak reports them)
        const proxy = await proxyFor(session.id);
        const byKind = {};
        for (const { kind } of proxy.applied) byKind[kind] = (byKind[kind] ?? 0) + 1;
        return byKind;
      }
      if (command === 'set-fault') {
        const proxy = await proxyFor(session.id);
        if (payload) proxy.setFault(payload);
        else proxy.clear();
        return true;
      }
      return undefined;
    },
  };
}

/** Browser controls tests need: Chromium's own time-zone emulation, and requests made to fail. */
function browserControlPlugin() {
  const blockingSessions = new Map();
  return {
    name: 'ehr-engage-browser-control',
    async executeCommand({ command, payload, session }) {
      if (command === 'set-timezone') {
        await session.browser.getPage(session.id).emulateTimezone(payload);
        return true;
      }
      // fail every request whose URL matches one of the patterns (`*` wildcards; [] unblocks);
      // one DevTools session per page, as the blocking belongs to the session that set it
      if (command === 'block-urls') {
        let cdp = blockingSessions.get(session.id);
        if (!cdp) {
          cdp = await session.browser.getPage(session.id).createCDPSession();
          await cdp.send('Network.enable');
          blockingSessions.set(session.id, cdp);
        }
        await cdp.send('Network.setBlockedURLs', { urls: payload });
        return true;
      }
      return undefined;
    },
  };
}

/** Server rendering for the hydration test: the built package through @lit-labs/ssr. */
function ssrPlugin() {
  return {
    name: 'ehr-engage-ssr',
    async executeCommand({ command, payload }) {
      if (command !== 'ssr-render') return undefined;
      const { renderElement } = await import('./test/ssr/render.mjs');
      return renderElement(payload.tag, payload.options);
    },
  };
}

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['development'] },
  concurrency: 2,
  // list every test by name (the contract suites show which adapter they ran against)
  reporters: [defaultReporter(), summaryReporter({ flatten: false })],
  // generous: tests must pass on a loaded machine; timings belong in benchmarks (bench/)
  testFramework: { config: { timeout: 180_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        args: [
          ...TEST_CHROMIUM_ARGS,
          // two test pages run at once: neither may be throttled as a background tab
          '--disable-background-timer-throttling',
          '--disable-renderer-backgrounding',
          '--disable-backgrounding-occluded-windows',
        ],
      },
    }),
  ],
  testsFinishTimeout: 900_000,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }), browserControlPlugin(), fhirServerPlugin(), ssrPlugin()],
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
