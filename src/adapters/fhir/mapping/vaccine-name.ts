/**
 * A vaccine's name as the product given. Some records code a combination vaccine by each
 * of its antigens, all in one system, beside its generic and trade names (Canada's CVC:
 * Mumps, Measles and Rubella, then "MMR", then "Priorix"). The first coding with a display
 * would then name one antigen, and a reader would take MMR for a mumps vaccine.
 */
import type { CodedValue, Coding } from '../../ports.js';

/** A display that names something, not a placeholder ("unspecified"). */
const named = (coding: Coding | undefined): string | undefined => {
  const display = coding?.display?.trim();
  return display && !/^unspecified$/i.test(display) ? display : undefined;
};

/**
 * The vaccine with its name in `text`: the record's own text; else the trade name, with
 * the generic name beside it ("Priorix (MMR)"); else, when one system lists several codes
 * (its antigens), the first name from a system that names the vaccine once; else unchanged.
 */
export function vaccineNamed(vaccine: CodedValue): CodedValue {
  if (vaccine.text) return vaccine;
  const inSystem = (pattern: RegExp) => named(vaccine.codings.find((c) => pattern.test(c.system ?? '') && named(c)));
  const trade = inSystem(/trade.?name/i);
  const generic = inSystem(/generic/i);
  if (trade) return { ...vaccine, text: generic && generic !== trade ? `${trade} (${generic})` : trade };
  const perSystem = new Map<string | undefined, number>();
  for (const coding of vaccine.codings) perSystem.set(coding.system, (perSystem.get(coding.system) ?? 0) + 1);
  if ([...perSystem.values()].every((count) => count === 1)) return vaccine;
  const whole = generic ?? named(vaccine.codings.find((c) => perSystem.get(c.system) === 1 && named(c)));
  return whole ? { ...vaccine, text: whole } : vaccine;
}
