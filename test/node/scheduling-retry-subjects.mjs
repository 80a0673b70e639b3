// What the scheduling retry suites share (scheduling-retry-booking, -decision, -reschedule):
// the patient, the two adapters as test subjects (memory; FHIR behind the fault proxy), reading
// back the records under a key from the server itself, and reading a rejection.
import { importTs } from './ts-bundle.mjs';
import { rejection } from './rejection.mjs';

const { FhirClient, FhirSchedulingPort, MemorySchedulingPort, buildFhirWorld, buildMemoryWorld, WORLD_NOW } = await importTs([
  'src/adapters/fhir/index.ts',
  'src/adapters/memory/scheduling.ts',
  'test/browser/scheduling-world.ts',
]);

/** A fault of the proxy that hits only the ports' transactions (every scheduling write is one). */
export const transactionOnly = { methods: ['POST'], bodyContains: '"transaction"' };

/** A Synthea patient of the local server's seed (test/fixtures/fhir-r4). */
export const BUSTER = 'Patient/e4531916-b162-4f4b-90c2-ce37e132b8d4';

/**
 * The memory adapter on the repository's scheduling world (test/browser/scheduling-world.ts):
 * it writes and reads through one port, and `loseNextAnswer` applies the next write and loses
 * its answer.
 */
export async function memorySubject() {
  const { options, built } = buildMemoryWorld();
  const port = new MemorySchedulingPort(options);
  return {
    port,
    read: port,
    world: built,
    patient: BUSTER,
    loseNextAnswer: async () => port.loseAnswers(1),
    clear: async () => port.loseAnswers(0),
    slotFree: async (id) => port.allSlots.find((slot) => slot.id === id)?.status === 'free',
  };
}

/**
 * The FHIR adapter on a fresh world of the local server (`servers`: fhirBehindProxy()): it
 * writes through the fault proxy (`loseNextAnswer`: the next transaction is stored and its
 * answer lost) and reads straight from the server.
 */
export async function fhirSubject(servers) {
  const client = new FhirClient({ baseUrl: servers.fhir.url });
  const world = await buildFhirWorld(client, Math.random().toString(36).slice(2, 8));
  return {
    client,
    port: new FhirSchedulingPort(new FhirClient({ baseUrl: servers.proxy.url, maxRetries: 0, timeoutMs: 5_000 }), { now: () => WORLD_NOW }),
    read: new FhirSchedulingPort(client, { now: () => WORLD_NOW }),
    world,
    patient: BUSTER,
    loseNextAnswer: async () => servers.proxy.setFault({ kind: 'drop-after', count: 1, ...transactionOnly }),
    clear: async () => servers.proxy.clear(),
    slotFree: async (id) => (await (await fetch(`${servers.fhir.url}/Slot/${id}`, { cache: 'no-store' })).json()).status === 'free',
  };
}

/** The `type` records under any of `keys` (identifier `system|key`), read from the server itself. */
export async function recordsUnder(servers, type, system, keys) {
  const identifier = keys.map((key) => `${system}|${key}`).join(',');
  const bundle = await (await fetch(`${servers.fhir.url}/${type}?identifier=${encodeURIComponent(identifier)}&_count=50`, { cache: 'no-store' })).json();
  return (bundle.entry ?? []).map((e) => e.resource);
}

export { rejection };

/**
 * Runs `write` on subject `s` with its answer lost (the backend stores it; the caller gets a
 * network error), then clears the fault; returns the error the caller got.
 */
export async function lostAnswer(s, write) {
  await s.loseNextAnswer();
  try {
    return await rejection(write());
  } finally {
    await s.clear();
  }
}
