/**
 * An HL7 version 2 message parser: segments, fields, `~` repetitions, components and
 * subcomponents, with the delimiters the message itself declares in MSH-1 / MSH-2 and its
 * escape sequences (`\F\ \S\ \T\ \R\ \E\`, `\.br\`, `\Xhh…\`) decoded. Segments may end in
 * CR, LF or CRLF. Pure, no DOM, no I/O; a message with no MSH is refused with an
 * `EngageError` (`invalid`) that names the problem.
 */
import { EngageError } from '../../core/errors.js';

/** The delimiters a message declares in MSH-1 and MSH-2. */
export interface Hl7Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

/** A field's value: repetitions → components → subcomponents, each decoded text ('' when empty). */
export type Hl7Field = string[][][];

/** One segment. Fields are numbered as HL7 numbers them: `field(1)` is the first after the name. */
export class Hl7Segment {
  constructor(
    /** Segment name (`MSH`, `PID`, `RXA` …). */
    readonly name: string,
    /** Fields by HL7 number; index 0 holds the name. */
    readonly fields: readonly Hl7Field[],
  ) {}

  /** The repetitions of field `n` (none when absent or empty). */
  repetitions(n: number): string[][][] {
    return (this.fields[n] ?? []).filter((rep) => rep.some((comp) => comp.some((sub) => sub !== '')));
  }

  /** A value by field, component, repetition and subcomponent (1-based, repetition 0-based); undefined when empty. */
  get(field: number, component = 1, repetition = 0, subcomponent = 1): string | undefined {
    const value = this.fields[field]?.[repetition]?.[component - 1]?.[subcomponent - 1];
    return value === undefined || value === '' ? undefined : value;
  }
}

/** A parsed message: its delimiters and segments in order. */
export interface Hl7Message {
  delimiters: Hl7Delimiters;
  segments: Hl7Segment[];
}

const SEGMENT_NAME = /^[A-Z][A-Z0-9]{2}$/;

/** Decodes the escape sequences of one value (after it was split on the delimiters). */
export function unescapeHl7(value: string, d: Hl7Delimiters): string {
  if (!value.includes(d.escape)) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch !== d.escape) {
      out += ch;
      continue;
    }
    const end = value.indexOf(d.escape, i + 1);
    if (end === -1) {
      // a lone escape character is kept as text, not dropped
      out += value.slice(i);
      break;
    }
    const code = value.slice(i + 1, end);
    i = end;
    if (code === 'F') out += d.field;
    else if (code === 'S') out += d.component;
    else if (code === 'T') out += d.subcomponent;
    else if (code === 'R') out += d.repetition;
    else if (code === 'E') out += d.escape;
    else if (code === '.br') out += '\n';
    else if (/^X([0-9A-Fa-f]{2})+$/.test(code)) {
      // hexadecimal bytes, read as UTF-8 (the character set IIS messages use; ASCII is a subset)
      const bytes = new Uint8Array((code.length - 1) / 2).map((_, b) => Number.parseInt(code.slice(1 + 2 * b, 3 + 2 * b), 16));
      out += new TextDecoder().decode(bytes);
    }
    // highlighting (\H\ \N\), other formatting (\.sp\ …) and character-set switches carry no text
  }
  return out;
}

function splitField(raw: string, d: Hl7Delimiters): Hl7Field {
  return raw.split(d.repetition).map((rep) => rep.split(d.component).map((comp) => comp.split(d.subcomponent).map((sub) => unescapeHl7(sub, d))));
}

/**
 * Parses an HL7 v2 message. Throws an `EngageError` (`invalid`) when the text does not start
 * with an MSH segment, declares unusable delimiters, or holds a segment whose name is not
 * three letters or digits (a cut or corrupted message).
 */
export function parseHl7Message(text: string): Hl7Message {
  if (typeof text !== 'string') throw new EngageError('invalid', 'The HL7 message is not text.');
  // a leading byte-order mark, blank lines or MLLP framing characters are not part of the message
  const lines = text
    .replace(/^\uFEFF/, '')
    .replaceAll('\u000b', '')
    .replaceAll('\u001c', '')
    .split(/\r\n|\r|\n/)
    .filter((line) => line.trim() !== '');
  const first = lines[0];
  if (!first?.startsWith('MSH')) throw new EngageError('invalid', 'The HL7 message has no MSH segment: it must start with "MSH".');
  const field = first[3];
  const encoding = first.slice(4).split(field ?? '|')[0] ?? '';
  if (!field || encoding.length < 4 || new Set([field, ...encoding.slice(0, 4)]).size !== 5 || /[A-Za-z0-9\s]/.test(field + encoding.slice(0, 4))) {
    throw new EngageError('invalid', 'The HL7 message’s MSH-1 / MSH-2 do not declare five distinct delimiters.');
  }
  const d: Hl7Delimiters = { field, component: encoding[0]!, repetition: encoding[1]!, escape: encoding[2]!, subcomponent: encoding[3]! };
  const segments = lines.map((line, index) => {
    const parts = line.split(d.field);
    const name = parts[0] ?? '';
    if (!SEGMENT_NAME.test(name)) {
      throw new EngageError('invalid', `The HL7 message’s segment ${index + 1} has no valid name ("${name.slice(0, 8)}"): the message is truncated or corrupt.`);
    }
    if (name === 'MSH') {
      // MSH-1 is the field separator itself and MSH-2 the encoding characters: neither is split nor decoded
      const rest = parts.slice(2).map((raw) => splitField(raw, d));
      return new Hl7Segment(name, [[[[name]]], [[[d.field]]], [[[parts[1] ?? '']]], ...rest]);
    }
    return new Hl7Segment(name, [[[[name]]], ...parts.slice(1).map((raw) => splitField(raw, d))]);
  });
  return { delimiters: d, segments };
}
