/**
 * `enableWhen`: when an item is shown. The operators follow FHIR R4
 * (QuestionnaireItemOperator):
 * - `exists`: whether the question has an answer equals the condition's boolean;
 * - `=`: at least one answer equals the condition's answer;
 * - `!=`: no answer equals it (so an unanswered question satisfies `!=`);
 * - `>`, `<`, `>=`, `<=`: at least one answer compares so (numbers, dates, times,
 *   strings, quantities of the same unit).
 * A disabled question counts as unanswered, so a chain of conditions follows the chain of
 * what is shown. A form whose conditions refer to each other in a loop is refused by
 * {@link findEnableWhenLoop} before anything renders; evaluation guards against a loop
 * too (an item in one is disabled) so nothing can recurse without end.
 */
import type { QEnableWhen, QValue, Questionnaire, QuestionnaireItem } from '../../../adapters/ports.js';

/** A comparable form of one value. */
type Comparable =
  | { kind: 'number'; value: number; unit?: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'coding'; system?: string; code?: string; display?: string }
  | { kind: 'string'; value: string };

const ANSWER_KEYS = ['Boolean', 'Decimal', 'Integer', 'Date', 'DateTime', 'Time', 'String', 'Uri', 'Coding', 'Quantity', 'Reference', 'Attachment'] as const;

/**
 * A value as something to compare. Typed by what the JSON holds, not by the `[x]` name:
 * real forms put a date in `answerInteger` (the LHC-Forms enableWhen test does).
 */
function comparable(raw: unknown): Comparable | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw)) return { kind: 'number', value: raw };
  if (typeof raw === 'boolean') return { kind: 'boolean', value: raw };
  if (typeof raw === 'string') return { kind: 'string', value: raw };
  if (typeof raw === 'object' && raw !== null) {
    const record = raw as Record<string, unknown>;
    if (typeof record.value === 'number') {
      return { kind: 'number', value: record.value, unit: typeof record.code === 'string' ? record.code : typeof record.unit === 'string' ? record.unit : undefined };
    }
    if ('code' in record || 'system' in record || 'display' in record) {
      return { kind: 'coding', system: record.system as string | undefined, code: record.code as string | undefined, display: record.display as string | undefined };
    }
    if (typeof record.reference === 'string') return { kind: 'string', value: record.reference };
  }
  return undefined;
}

/** The value of an `answer[x]` / `value[x]` field set, whatever its type. */
export function valueOf(holder: object | undefined, prefix: 'value' | 'answer' = 'value'): unknown {
  if (!holder) return undefined;
  const record = holder as Record<string, unknown>;
  for (const key of ANSWER_KEYS) {
    const value = record[`${prefix}${key}`];
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

function equal(a: Comparable, b: Comparable): boolean {
  if (a.kind === 'coding' && b.kind === 'coding') {
    if (a.code !== undefined || b.code !== undefined) {
      // a missing system on either side matches any system (forms often leave it out)
      return a.code === b.code && (!a.system || !b.system || a.system === b.system);
    }
    return a.display === b.display;
  }
  if (a.kind === 'coding' && b.kind === 'string') return a.code === b.value || a.display === b.value;
  if (a.kind === 'string' && b.kind === 'coding') return equal(b, a);
  if (a.kind === 'number' && b.kind === 'number') return a.value === b.value && (!a.unit || !b.unit || a.unit === b.unit);
  if (a.kind === 'boolean' && b.kind === 'boolean') return a.value === b.value;
  if (a.kind === 'string' && b.kind === 'string') return a.value === b.value;
  // a number kept as a string on one side ("34" against 34)
  if ((a.kind === 'number' && b.kind === 'string') || (a.kind === 'string' && b.kind === 'number')) return String(a.value) === String(b.value);
  return false;
}

/** The order of two values (negative, 0, positive), or undefined when they do not compare. */
function order(a: Comparable, b: Comparable): number | undefined {
  if (a.kind === 'number' && b.kind === 'number') {
    if (a.unit && b.unit && a.unit !== b.unit) return undefined;
    return a.value - b.value;
  }
  if (a.kind === 'string' && b.kind === 'string') {
    // ISO dates and times compare as strings; so do plain strings (code-point order, as FHIRPath)
    return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  }
  return undefined;
}

/** Whether two `value[x]` holders hold the same value (an answer and an answer option, say). */
export function equalValues(a: object, b: object): boolean {
  const x = comparable(valueOf(a));
  const y = comparable(valueOf(b));
  return x !== undefined && y !== undefined && equal(x, y);
}

/** Whether one condition holds for a question's answers (empty when unanswered or disabled). */
export function conditionHolds(condition: QEnableWhen, answers: readonly QValue[]): boolean {
  const wanted = comparable(valueOf(condition, 'answer'));
  if (condition.operator === 'exists') return (answers.length > 0) === (wanted?.kind === 'boolean' ? wanted.value : true);
  if (!wanted) return false;
  const given = answers.map((a) => comparable(valueOf(a))).filter((c): c is Comparable => c !== undefined);
  switch (condition.operator) {
    case '=':
      return given.some((g) => equal(g, wanted));
    case '!=':
      return !given.some((g) => equal(g, wanted));
    case '>':
    case '<':
    case '>=':
    case '<=':
      return given.some((g) => {
        const o = order(g, wanted);
        if (o === undefined) return false;
        return condition.operator === '>' ? o > 0 : condition.operator === '<' ? o < 0 : condition.operator === '>=' ? o >= 0 : o <= 0;
      });
    default:
      return false;
  }
}

/**
 * A loop in the form's conditions: item A is enabled by B, and B (or one of its
 * ancestors, whose enabling B's own depends on) by A, directly or through others.
 * Returns the linkIds around the loop (`['a', 'b', 'a']`), or undefined.
 */
export function findEnableWhenLoop(questionnaire: Questionnaire): string[] | undefined {
  const depends = new Map<string, string[]>();
  const walk = (items: QuestionnaireItem[] | undefined, parent: string | undefined) => {
    for (const item of Array.isArray(items) ? items : []) {
      if (typeof item?.linkId !== 'string') continue;
      const on = Array.isArray(item.enableWhen) ? item.enableWhen.map((c) => c?.question).filter((q): q is string => typeof q === 'string') : [];
      // an item is shown only when its parent is: the parent is a dependency too
      depends.set(item.linkId, [...(depends.get(item.linkId) ?? []), ...on, ...(parent !== undefined ? [parent] : [])]);
      walk(item.item, item.linkId);
    }
  };
  walk(questionnaire.item, undefined);
  // iterative depth-first search with colours, so a deep form cannot overflow the stack
  const colour = new Map<string, 'grey' | 'black'>();
  for (const start of depends.keys()) {
    if (colour.has(start)) continue;
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    colour.set(start, 'grey');
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const edges = depends.get(top.id) ?? [];
      if (top.next >= edges.length) {
        colour.set(top.id, 'black');
        stack.pop();
        continue;
      }
      const to = edges[top.next++]!;
      if (colour.get(to) === 'grey') {
        const from = stack.findIndex((frame) => frame.id === to);
        return [...stack.slice(from).map((frame) => frame.id), to];
      }
      if (!colour.has(to) && depends.has(to)) {
        colour.set(to, 'grey');
        stack.push({ id: to, next: 0 });
      }
    }
  }
  return undefined;
}
