/**
 * What a server's CapabilityStatement offers, read through the guards: a statement is
 * server data like any other, so a field of the wrong JSON type means "not offered", never
 * an exception.
 */
import { arrayOf, objectOf, stringOf } from './guards.js';

/**
 * Whether the statement lists an operation, at system level or on `Patient`, that
 * `matches` by its name (without `$`) or its OperationDefinition canonical.
 */
export function offersOperation(statement: unknown, matches: (name: string, definition: string) => boolean): boolean {
  return arrayOf(objectOf(statement)?.rest).some((rest) =>
    [...arrayOf(rest.operation), ...arrayOf(arrayOf(rest.resource).find((r) => r.type === 'Patient')?.operation)].some((op) =>
      matches((stringOf(op.name) ?? '').replace(/^\$/, ''), stringOf(op.definition) ?? ''),
    ),
  );
}
