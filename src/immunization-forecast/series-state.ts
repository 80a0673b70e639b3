/** The evaluation state of one patient series, shared by evaluation, skips and forecast. */
import type { AntigenDose } from './context.js';
import type { RawSeries, RawSeriesDose } from './data-types.js';
import type { EvaluationStatus } from './types.js';

/** A dose administered as evaluated against this series. */
export interface EvaluatedDose {
  dose: AntigenDose;
  status: EvaluationStatus;
  reason: string | null;
  /** 1-based target dose the dose satisfied. */
  targetDose: number | null;
  /** True when the vaccine was a preferable one for its target dose (best-series scoring). */
  preferable: boolean;
}

/** A target dose: satisfied by a dose, skipped by a conditional skip, or still open. */
export interface TargetDose {
  raw: RawSeriesDose;
  status: 'not satisfied' | 'satisfied' | 'skipped';
  satisfiedBy: EvaluatedDose | null;
}

/** One patient series with its doses evaluated. */
export interface SeriesEvaluation {
  antigen: string;
  series: RawSeries;
  targets: TargetDose[];
  evaluated: EvaluatedDose[];
  /** Every dose of the antigen (the "Total" dose counts of conditional skips). */
  doses: AntigenDose[];
  /** Index of the next target dose (targets.length when none is left). */
  next: number;
}

/** Valid doses counted for the series. */
export function validCount(evaluation: SeriesEvaluation): number {
  return evaluation.evaluated.filter((e) => e.status === 'Valid').length;
}

/** CDSi "previous dose administered" for interval rules: the last one evaluated Valid or Not Valid, inadvertent ones aside. */
export function previousDose(evaluated: EvaluatedDose[]): EvaluatedDose | undefined {
  for (let i = evaluated.length - 1; i >= 0; i--) {
    const e = evaluated[i]!;
    if ((e.status === 'Valid' || e.status === 'Not Valid') && e.reason !== 'Inadvertent Vaccine') return e;
  }
  return undefined;
}
