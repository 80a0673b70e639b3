/**
 * The numbers an aid shows, from its own rules and the risk inputs: nothing here
 * invents a number. An outcome whose rule needs an input nobody has entered yet has no
 * number until one is entered.
 */
import type { AidOutcome, DecisionAidContent, OutcomeValue } from './types.js';

/** Values of the risk inputs, by input id. */
export type RiskValues = Record<string, number | undefined>;

/** One outcome's number for one option. */
export type ShownNumber =
  | { kind: 'number'; numerator: number; denominator: number }
  | { kind: 'needs-input'; input: string }
  | { kind: 'not-estimated'; reason: string };

/** Inputs in effect: entered values within range, else the aid's defaults. */
export function effectiveInputs(aid: DecisionAidContent, entered: RiskValues): RiskValues {
  const result: RiskValues = {};
  for (const input of aid.riskInputs) {
    const value = entered[input.id];
    result[input.id] =
      typeof value === 'number' && Number.isFinite(value) && value >= input.min && value <= input.max ? value : input.default;
  }
  return result;
}

/** The number one rule gives at these inputs. */
export function numberFor(outcome: AidOutcome, value: OutcomeValue, inputs: RiskValues): ShownNumber {
  const denominator = outcome.denominator;
  switch (value.kind) {
    case 'fixed':
      return { kind: 'number', numerator: value.numerator, denominator };
    case 'not-estimated':
      return { kind: 'not-estimated', reason: value.reason };
    case 'scaled-input': {
      const input = inputs[value.input];
      if (input === undefined) return { kind: 'needs-input', input: value.input };
      const numerator = Math.round((input / 100) * value.multiplier * denominator);
      return { kind: 'number', numerator: Math.min(denominator, Math.max(0, numerator)), denominator };
    }
    case 'bands': {
      const input = inputs[value.input];
      if (input === undefined) return { kind: 'needs-input', input: value.input };
      const band = value.bands.find((b) => input >= b.min && input < b.max);
      return band
        ? { kind: 'number', numerator: band.numerator, denominator }
        : { kind: 'not-estimated', reason: `No number for ${input}` };
    }
  }
}

/** Every outcome × option number at these inputs, in content order. */
export function allNumbers(
  aid: DecisionAidContent,
  inputs: RiskValues,
): { outcomeId: string; optionId: string; shown: ShownNumber }[] {
  return aid.outcomes.flatMap((outcome) =>
    aid.options.map((option) => ({
      outcomeId: outcome.id,
      optionId: option.id,
      shown: numberFor(outcome, outcome.values[option.id]!, inputs),
    })),
  );
}
