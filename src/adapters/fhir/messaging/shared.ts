/**
 * What the reads and the writes of the FHIR messaging port (`../messaging-port.ts`) both
 * use: the `Communication` type, the two ways of reading a batch answer and the key
 * check every write starts with. Apart so each concern's module can use them without
 * importing the port.
 */
import { EngageError } from '../../../core/errors.js';
import type { MessagingWriteOptions } from '../../ports.js';
import type { BatchResult } from '../client.js';
import type { Bundle, Resource } from '../fhir-types.js';
import { withSenderNames } from '../mapping/sender-names.js';
import { bundleResources } from '../guards.js';

export type Communication = Resource & { resourceType: 'Communication' };

/** The resources of one search of a batch answer (none if that search failed). */
export function entriesOf<T extends Resource = Resource>(result: BatchResult | undefined, type?: string): T[] {
  // senders a search included name the messages' nameless senders (mapping/sender-names.ts)
  return result?.ok ? bundleResources<T>(withSenderNames(result.resource as Bundle | undefined), type) : [];
}

/** The resource of one entry of a batch answer; throws its error if it failed. */
export function ok(result: BatchResult | undefined): Resource | undefined {
  if (!result) throw new EngageError('server', 'The batch answer is missing an entry.');
  if (!result.ok) throw result.error;
  return result.resource;
}

/** The idempotency key of a write; a write without one is refused. */
export function requireKey(options: MessagingWriteOptions): string {
  if (!options?.idempotencyKey) throw new EngageError('invalid', 'A write needs an idempotency key.');
  return options.idempotencyKey;
}
