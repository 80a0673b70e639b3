/**
 * Importing readings from a CSV export: `date,type,value,unit`, one reading a row, a
 * header row optional, fields quoted with `"` (a `""` inside is one quote, and a quoted
 * field may hold commas and line breaks, RFC 4180). Blood pressure's value is written
 * `120/80`. Every row is checked before anything is saved, and each row's idempotency
 * key is derived from the patient and the row's content, so importing the same file
 * twice, or retrying after a failure, never stores a row twice.
 *
 * Field text is untrusted: it is only ever shown through Lit text bindings.
 */
import type { Reading, ReadingType, RecordRef } from '../../adapters/ports.js';
import { fingerprintOf } from '../../core/write-protocol.js';
import { readingFromEntry, type EntryProblem } from './reading-entry.js';
import { unitFromText } from './units.js';

/** Why a row cannot be imported. */
export type RowProblem = EntryProblem | 'wrong-columns' | 'unknown-type';

/** One data row of the file, checked. */
export interface ImportRow {
  /** Line number in the file (1-based, counting the header), for the preview. */
  line: number;
  /** The row's fields as written (untrusted). */
  fields: string[];
  /** The reading, when the row is valid. */
  reading?: Reading;
  /** What is wrong, when it is not. */
  problem?: RowProblem;
  /** Deterministic idempotency key of a valid row. */
  key?: string;
}

/** Parses CSV text into rows of fields (RFC 4180 quoting; blank lines skipped). */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    fields.push(field);
    if (fields.some((f) => f.trim() !== '')) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += c;
    }
  }
  if (field !== '' || fields.length) endRow();
  return rows;
}

/** cyrb53: a fast 53-bit string hash, enough to name a row (not a security measure). */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * Which reading an imported row is, whatever its values: the patient's reading of that kind
 * at that moment. A row corrected after its save went unanswered is the same reading, so its
 * write replaces the earlier attempt's (see the write protocol's edited retry).
 */
export function rowIdentity(reading: Reading): string {
  return fingerprintOf([reading.patient, reading.typeId, reading.effective]);
}

/** The idempotency key of an imported reading: the same patient and content, the same key. */
export function rowKey(reading: Reading): string {
  const { patient, typeId, effective, values, mealContext } = reading;
  return `import-${hash53(fingerprintOf({ patient, typeId, effective, values: values.map((v) => [v.code, v.quantity.value, v.quantity.code]), mealContext }))}`;
}

function typeOf(text: string, types: readonly ReadingType[]): ReadingType | undefined {
  const t = text.trim().toLowerCase();
  return types.find((type) => type.id === t || type.code === t || (type.alsoCodes ?? []).includes(t) || type.name.toLowerCase() === t);
}

const HEADER = /^\s*date\s*$/i;

/** Checks every row of a CSV file against the reading types. */
export function importRows(text: string, types: readonly ReadingType[], patient: RecordRef, performer: RecordRef | undefined, now: Date): ImportRow[] {
  const parsed = parseCsv(text);
  if (parsed[0] && HEADER.test(parsed[0].fields[0] ?? '')) parsed.shift();
  return parsed.map(({ line, fields }) => {
    if (fields.length !== 4) return { line, fields, problem: 'wrong-columns' as const };
    const [date, typeText, valueText, unitText] = fields as [string, string, string, string];
    const type = typeOf(typeText, types);
    if (!type) return { line, fields, problem: 'unknown-type' as const };
    const unit = unitText.trim() ? unitFromText(unitText) : type.unit;
    if (!unit) return { line, fields, problem: 'unknown-unit' as const };
    const written = date.trim();
    // a date-time that states its offset is kept as written; otherwise the viewer's zone applies
    const moment = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(written) ? written : undefined;
    const [day, time] = written.split(/[T ]/);
    const values = type.parts?.length ? valueText.split('/') : [valueText];
    const result = readingFromEntry({ type, values, unit, date: day ?? '', time: (time ?? '').slice(0, 8), moment, patient, performer }, now);
    if ('problem' in result) return { line, fields, problem: result.problem };
    return { line, fields, reading: result.reading, key: rowKey(result.reading) };
  });
}
