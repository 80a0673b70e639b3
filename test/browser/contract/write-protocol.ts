/**
 * The write protocol (docs/write-protocol.md), checked for every write method of every
 * port on every adapter. Each write is described once per adapter (how to make a fresh
 * scope, write a content version into it, and read back what the backend holds there
 * without the port where the backend allows it); the same scenarios then run on each:
 *
 * - an unchanged retry (also after a lost answer) leaves one record;
 * - an edited retry after a landed-but-unanswered write leaves one record holding the
 *   edited content (also after two lost answers in a row);
 * - new content after a lost answer (a new intent, not a retry) leaves both;
 * - a `200` answer with an OperationOutcome (HTTP backends) rejects with its text, and
 *   nothing is reported stored;
 * - a state write (mark read, close, cancel, decide) retried after a lost answer ends in
 *   its state, and one whose content was changed after a lost answer (a different
 *   decision, with `replaces`) ends in the changed state, not in a conflict.
 *
 * Content versions are labelled `<scope>-v1`, `-v2`, … inside the written text, and the
 * suite reads which labels each stored record holds, so it counts from the backend's
 * records, not from what the port returned.
 */
import { expect } from '@open-wc/testing';
import { newIdempotencyKey } from '../../../src/core/events.js';
import { WriteIntent, type WriteKeys } from '../../../src/core/write-protocol.js';
import { rejection } from './rejection.js';

/** How the backend misbehaves on purpose. */
export interface WriteFaults {
  /**
   * The next write is applied by the backend, but its answer never reaches the port.
   * `marker` is a text only the targeted write's request carries (HTTP backends use it
   * to pick the write among the port's reads).
   */
  loseNextAnswer(marker?: string): Promise<void>;
  /** The next write is answered `200` with an OperationOutcome saying `text` (HTTP only). */
  answerNextWithOutcome?(text: string, marker?: string): Promise<void>;
  /** Back to normal. */
  clear(): Promise<void>;
}

/** A fresh place to write into, and what the backend holds there. */
export interface WriteScope {
  /** Writes content labelled `label` with these keys. */
  write(label: string, keys: WriteKeys): Promise<unknown>;
  /** The records the backend holds in this scope (each serialized to find labels in). */
  records(): Promise<unknown[]>;
}

/** One write method of one port. */
export interface ContentWrite {
  /** `MessagingPort.sendMessage`, … */
  method: string;
  /** A text only this write's (last) request carries (see {@link WriteFaults.loseNextAnswer}). */
  marker?: string;
  /**
   * For a write made of several requests: a text only its first request carries, where
   * the `200` OperationOutcome is injected (later requests are never sent then).
   */
  firstMarker?: string;
  /** A fresh scope; `token` is unique to it and is part of every label. */
  scope(token: string): Promise<WriteScope>;
}

/**
 * A write that sets a state rather than storing content the user typed (mark read,
 * close, cancel, decide): there is nothing to edit, so the protocol asks only that a
 * retry after a lost answer ends in the state the first attempt set, and that a `200`
 * OperationOutcome is an error.
 */
export interface StateWrite {
  method: string;
  /** A text only this write's request carries. */
  marker?: string;
  /** Prepares a record to act on. */
  scope(): Promise<{
    write(keys: WriteKeys): Promise<unknown>;
    /** Fails unless the backend holds the state the write sets (read without the port where possible). */
    check(): Promise<unknown>;
    /**
     * For a write whose content the user can change (a clinician's decision): writes the
     * other content — also a new intent of the same record — with these keys.
     */
    change?(keys: WriteKeys): Promise<unknown>;
    /** Fails unless the backend holds the state {@link change} sets. */
    checkChanged?(): Promise<unknown>;
  }>;
}

/** The labels (`token-vN`) each record holds, sorted, one string per record. */
async function held(scope: WriteScope, token: string): Promise<string[]> {
  const pattern = new RegExp(`${token}-v\\d`, 'g');
  return (await scope.records())
    .map((record) => [...new Set(JSON.stringify(record).match(pattern) ?? [])].sort().join('+'))
    .filter((labels) => labels !== '')
    .sort();
}

export function writeProtocolContract(
  name: string,
  subject: () => Promise<{ faults: WriteFaults; writes: ContentWrite[]; stateWrites: StateWrite[] }>,
): void {
  describe(`Write protocol contract: ${name}`, function () {
    let faults: WriteFaults;
    let writes: ContentWrite[] = [];
    let stateWrites: StateWrite[] = [];

    before(async () => {
      ({ faults, writes, stateWrites } = await subject());
    });
    afterEach(async () => faults.clear());

    // the list of writes is known only after `before`; one test per scenario walks them all
    const each = async (scenario: (write: ContentWrite, token: string) => Promise<void>) => {
      expect(writes.length, 'the subject names its write methods').to.be.greaterThan(0);
      for (const write of writes) {
        const token = `wp${newIdempotencyKey().slice(0, 8)}`;
        try {
          await scenario(write, token);
        } catch (error) {
          if (error instanceof Error) error.message = `${write.method}: ${error.message}`;
          throw error;
        } finally {
          await faults.clear();
        }
      }
    };

    it('an unchanged retry leaves one record, also after a lost answer', async () => {
      await each(async (write, token) => {
        const scope = await write.scope(token);
        const keys = { idempotencyKey: newIdempotencyKey() };
        await scope.write(`${token}-v1`, keys);
        await scope.write(`${token}-v1`, keys);
        expect(await held(scope, token)).to.deep.equal([`${token}-v1`]);

        const lost = await write.scope(`${token}l`);
        const lostKeys = { idempotencyKey: newIdempotencyKey() };
        await faults.loseNextAnswer(write.marker);
        await rejection(lost.write(`${token}l-v1`, lostKeys));
        await faults.clear();
        await lost.write(`${token}l-v1`, lostKeys);
        expect(await held(lost, `${token}l`)).to.deep.equal([`${token}l-v1`]);
      });
    });

    it('an edited retry after a landed-but-unanswered write leaves one record, holding the edit', async () => {
      await each(async (write, token) => {
        const scope = await write.scope(token);
        const intent = new WriteIntent<string>((label) => label);
        await faults.loseNextAnswer(write.marker);
        await rejection(scope.write(`${token}-v1`, intent.keysFor(`${token}-v1`)));
        await faults.clear();
        expect(await held(scope, token), 'the first write landed').to.deep.equal([`${token}-v1`]);
        await scope.write(`${token}-v2`, intent.keysFor(`${token}-v2`));
        expect(await held(scope, token)).to.deep.equal([`${token}-v2`]);
      });
    });

    it('two edits after two lost answers still leave one record, holding the last text', async () => {
      await each(async (write, token) => {
        const scope = await write.scope(token);
        const intent = new WriteIntent<string>((label) => label);
        for (const version of ['v1', 'v2']) {
          await faults.loseNextAnswer(write.marker);
          await rejection(scope.write(`${token}-${version}`, intent.keysFor(`${token}-${version}`)));
          await faults.clear();
        }
        const keys = intent.keysFor(`${token}-v3`);
        await scope.write(`${token}-v3`, keys);
        await scope.write(`${token}-v3`, keys);
        expect(await held(scope, token)).to.deep.equal([`${token}-v3`]);
      });
    });

    it('new content after a lost answer is a new write: both are stored', async () => {
      await each(async (write, token) => {
        const scope = await write.scope(token);
        await faults.loseNextAnswer(write.marker);
        await rejection(scope.write(`${token}-v1`, { idempotencyKey: newIdempotencyKey() }));
        await faults.clear();
        await scope.write(`${token}-v2`, { idempotencyKey: newIdempotencyKey() });
        expect(await held(scope, token)).to.deep.equal([`${token}-v1`, `${token}-v2`]);
      });
    });

    it('a 200 answer with an OperationOutcome is rejected with its text; nothing is stored', async function () {
      if (!faults.answerNextWithOutcome) this.skip();
      await each(async (write, token) => {
        const scope = await write.scope(token);
        const text = `Nothing stored for ${token}`;
        await faults.answerNextWithOutcome!(text, write.firstMarker ?? write.marker);
        const error = await rejection(scope.write(`${token}-v1`, { idempotencyKey: newIdempotencyKey() }));
        expect(error.details).to.include(text);
        expect(error.message).to.contain(text);
        expect(await held(scope, token)).to.deep.equal([]);
      });
    });

    const eachState = async (scenario: (write: StateWrite) => Promise<void>) => {
      expect(stateWrites.length, 'the subject names its state writes').to.be.greaterThan(0);
      for (const write of stateWrites) {
        try {
          await scenario(write);
        } catch (error) {
          if (error instanceof Error) error.message = `${write.method}: ${error.message}`;
          throw error;
        } finally {
          await faults.clear();
        }
      }
    };

    it('a state write retried after a lost answer ends in the state it set', async () => {
      await eachState(async (write) => {
        const scope = await write.scope();
        const keys = { idempotencyKey: newIdempotencyKey() };
        await faults.loseNextAnswer(write.marker);
        await rejection(scope.write(keys));
        await faults.clear();
        await scope.write(keys);
        await scope.check();
      });
    });

    it('a state write changed after a lost answer (a new key replacing the first) ends in the changed state', async () => {
      await eachState(async (write) => {
        const scope = await write.scope();
        if (!scope.change || !scope.checkChanged) return;
        const intent = new WriteIntent<string>((content) => content);
        await faults.loseNextAnswer(write.marker);
        await rejection(scope.write(intent.keysFor('first')));
        await faults.clear();
        await scope.check();
        const keys = intent.keysFor('changed');
        expect(keys.replaces, 'the changed content names the first key').to.have.length(1);
        await scope.change(keys);
        await scope.checkChanged();
        // and that one, retried after its own lost answer, stays as it is
        await faults.loseNextAnswer(write.marker);
        await scope.change(keys).catch(() => undefined);
        await faults.clear();
        await scope.change(keys);
        await scope.checkChanged();
      });
    });

    it('a state write answered 200 with an OperationOutcome is rejected with its text', async function () {
      if (!faults.answerNextWithOutcome) this.skip();
      await eachState(async (write) => {
        const scope = await write.scope();
        const text = `Nothing changed ${newIdempotencyKey().slice(0, 8)}`;
        await faults.answerNextWithOutcome!(text, write.marker);
        const error = await rejection(scope.write({ idempotencyKey: newIdempotencyKey() }));
        expect(error.details).to.include(text);
      });
    });
  });
}
