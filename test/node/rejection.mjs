// Shared by node suites that expect a write to fail: the error a promise rejects with.
import assert from 'node:assert/strict';

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
