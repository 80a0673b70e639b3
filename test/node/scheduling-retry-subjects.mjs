// What the scheduling retry suites share (scheduling-retry-booking, -decision, -reschedule):
// the patient, the memory adapter as a test subject, and reading a rejection. Each suite runs
// its cases on this subject and on the FHIR adapter behind the fault proxy (its own subject:
// each reads back records under its own key system).
import assert from 'node:assert/strict';
import { importTs } from './ts-bundle.mjs';

const { MemorySchedulingPort, buildMemoryWorld } = await importTs(['src/adapters/memory/scheduling.ts', 'test/browser/scheduling-world.ts']);

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

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(promise) {
  try {
    const value = await promise;
    assert.fail(`expected a rejection, got ${JSON.stringify(value)?.slice(0, 300)}`);
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    return error;
  }
}
