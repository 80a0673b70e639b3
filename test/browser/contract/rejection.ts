import { expect } from '@open-wc/testing';
import { EngageError } from '../../../src/core/errors.js';

/** The EngageError a port call rejects with; fails when it resolves or throws anything else. */
export async function rejection(promise: Promise<unknown>): Promise<EngageError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(EngageError);
    return error as EngageError;
  }
  throw new Error('expected a rejection');
}
