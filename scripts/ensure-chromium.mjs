#!/usr/bin/env node
/**
 * Finds Chromium for the browser tests: CHROME_PATH, then Debian's and other common
 * install paths. When none is found and we run as root (CI, containers), installs
 * Debian's `chromium` package; otherwise stops with instructions. Nothing here
 * downloads a browser build of its own.
 */
import { accessSync, constants } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * How the project runs Chromium headless (tests, benchmarks, screenshots): no sandbox
 * (containers run as root), no GPU, no background downloads, and shared memory in /tmp
 * (a container's /dev/shm is often 64 MB).
 */
export const HEADLESS_CHROMIUM_ARGS = ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'];

/**
 * Tests add: no strict site isolation. Their pages are all on localhost, with no
 * cross-site content to isolate, and a renderer process per page cost CPU: the browser
 * suite alone took 463 s on two cores with it, 295 s without. Benchmarks keep the
 * browser's own process model.
 */
export const TEST_CHROMIUM_ARGS = [...HEADLESS_CHROMIUM_ARGS, '--disable-site-isolation-trials'];

export function findChromium() {
  if (process.env.CHROME_PATH) {
    if (executable(process.env.CHROME_PATH)) return process.env.CHROME_PATH;
    throw new Error(`CHROME_PATH is set to ${process.env.CHROME_PATH}, which is not an executable file.`);
  }
  return CANDIDATES.find(executable);
}

export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && executable('/usr/bin/apt-get')) {
    console.log('Chromium not found: installing Debian\'s "chromium" package (running as root)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
    const installed = findChromium();
    if (installed) return installed;
  }
  console.error(
    [
      'The browser tests need Chromium, and none was found.',
      '  Debian/Ubuntu: sudo apt-get install chromium',
      '  Or point CHROME_PATH at an installed Chrome or Chromium:',
      '    CHROME_PATH=/path/to/chrome npm test',
    ].join('\n'),
  );
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(ensureChromium());
