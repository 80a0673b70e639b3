#!/usr/bin/env node
// @ts-check
/**
 * CLI: `node demo/server/index.mjs [--port N] [--host H] [--no-seed] [--log]`
 * (the port can also come from the FHIR_PORT environment variable; default 8787).
 */
import { startFhirServer } from './fhir-server.mjs';

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ port?: number, portText?: string, host?: string, seed: boolean, log: boolean }} */
  const opts = { seed: true, log: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const next = () => inline ?? argv[++i];
    switch (flag) {
      case '--port':
      case '-p':
        opts.portText = next();
        opts.port = Number(opts.portText);
        break;
      case '--host':
        opts.host = next();
        break;
      case '--no-seed':
        opts.seed = false;
        break;
      case '--log':
        opts.log = true;
        break;
      case '--help':
      case '-h':
        console.log('Usage: node demo/server/index.mjs [--port N] [--host H] [--no-seed] [--log]\n  env FHIR_PORT sets the port (default 8787)');
        process.exit(0);
        break;
      default:
        console.error(`Unknown argument: ${arg}`);
        process.exit(2);
    }
  }
  return opts;
}

// Output piped into e.g. `head` must not crash the server when the reader goes away.
process.stdout.on('error', (/** @type {NodeJS.ErrnoException} */ err) => {
  if (err.code !== 'EPIPE') throw err;
});

const args = parseArgs(process.argv.slice(2));
const port = args.port ?? (process.env.FHIR_PORT ? Number(process.env.FHIR_PORT) : 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port: ${args.portText ?? process.env.FHIR_PORT}`);
  process.exit(2);
}

/** @type {Awaited<ReturnType<typeof startFhirServer>>} */
let server;
try {
  server = await startFhirServer({ port, host: args.host, seed: args.seed, log: args.log });
} catch (err) {
  console.error('FHIR server failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
}
console.log(`FHIR server ready at ${server.url} (${server.resourceCount} resources, seeded in ${server.seedMs} ms; started in ${server.startMs} ms)`);
if (server.patients.length) {
  for (const p of server.patients) console.log(`  Patient/${p.id}  ${p.name} (${p.birthDate ?? '?'})`);
}

let stopping = false;
/** @param {string} signal */
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal} received, shutting down`);
  const timer = setTimeout(() => process.exit(1), 3000);
  timer.unref();
  await server.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
