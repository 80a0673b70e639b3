/**
 * The CDSi pipeline (Logic Specification chapters 4–10) over a given supporting data set:
 * gather → evaluate every relevant series per antigen → forecast → select the patient
 * series → vaccine-group forecast.
 */
import { formatDate, latest, parseDate, type Day } from './dates.js';
import type { Context, Patient } from './context.js';
import { list, type RawSeries, type RawSupportingData } from './data-types.js';
import { evaluateSeries } from './evaluate.js';
import { forecastSeries, forecastTarget, isContraindicated, isImmune, noDates } from './forecast.js';
import { cleanDoses, dosesForAntigen, relevantSeries } from './gather.js';
import { bestByType, bestInGroup, equivalentGroups, prioritized, seriesTypeOf, type Candidate } from './select-series.js';
import { vaccineGroupForecasts, type AntigenOutcome } from './vaccine-group.js';
import type { AntigenResult, ForecastInput, ForecastResult } from './types.js';

/** Thrown for input the engine cannot work with at all (no usable birth or assessment date). */
export class ForecastInputError extends Error {
  override name = 'ForecastInputError';
}

/** Runs the whole pipeline for one patient against `data`. */
export function runForecast(data: RawSupportingData, input: ForecastInput): ForecastResult {
  const birth = parseDate(input?.patient?.birthDate);
  if (birth === undefined) throw new ForecastInputError('patient.birthDate must be a calendar date YYYY-MM-DD');
  const assessment = parseDate(input.assessmentDate);
  if (assessment === undefined) throw new ForecastInputError('assessmentDate must be a calendar date YYYY-MM-DD');
  if (assessment < birth) throw new ForecastInputError('assessmentDate is before patient.birthDate');
  const observations = (input.patient.observations ?? []).filter((o) => o && typeof o.code === 'string');
  const patient: Patient = {
    birth, assessment,
    gender: String(input.patient.gender ?? ''),
    observations: new Set(observations.map((o) => o.code)),
    observationDates: new Map(observations.flatMap((o) => {
      const d = parseDate(o.date ?? undefined);
      return d === undefined ? [] : [[o.code, d] as const];
    })),
  };
  const warnings: string[] = [];
  const allDoses = cleanDoses(data, patient, Array.isArray(input.doses) ? input.doses : [], warnings);
  const ctx: Context = { data, patient, allDoses };

  const antigens: Record<string, AntigenResult> = {};
  const outcomes = new Map<string, AntigenOutcome>();
  for (const [name, antigen] of Object.entries(data.antigens)) {
    const outcome = forecastAntigen(ctx, name, antigen);
    outcomes.set(name, outcome);
    antigens[name] = outcome.result;
  }
  const vaccineGroups: ForecastResult['vaccineGroups'] = {};
  for (const map of list(data.schedule.vaccineGroupToAntigenMap.vaccineGroupMap)) {
    const members = list(map.antigen).map((a) => outcomes.get(a)).filter((a): a is AntigenOutcome => !!a);
    const full = list(data.schedule.vaccineGroups.vaccineGroup).find((g) => g.name === map.name)?.administerFullVaccineGroup === 'Yes';
    vaccineGroups[map.name] = vaccineGroupForecasts(map.name, members, full);
  }
  return { assessmentDate: formatDate(assessment), antigens, vaccineGroups, warnings };
}

function forecastAntigen(ctx: Context, name: string, antigen: RawSupportingData['antigens'][string]): AntigenOutcome {
  const doses = dosesForAntigen(ctx.data, ctx.patient, ctx.allDoses, name);
  let series = relevantSeries(list(antigen.series), ctx.patient);
  // A patient with the indication who is still younger than its begin age (Dengue before 9
  // years): with no other series, the risk series is forecast for when the age is reached.
  if (!series.length) series = relevantSeries(list(antigen.series), ctx.patient, true);
  const completedCache = new Map<string, boolean>();
  /** "Completed Series" skip condition: a series of one of the groups is complete. */
  const completedGroups = (groups: string[]): boolean => groups.some((group) => {
    if (!completedCache.has(group)) {
      completedCache.set(group, false); // guards against a group referring to itself
      const done = series.filter((s) => s.selectSeries.seriesGroup === group).some((s) => {
        const evaluation = evaluateSeries(ctx, name, s, doses, () => false);
        return forecastSeries(ctx, evaluation, () => false).status === 'Complete';
      });
      completedCache.set(group, done);
    }
    return completedCache.get(group)!;
  });
  const candidates: Candidate[] = series.map((s) => {
    const evaluation = evaluateSeries(ctx, name, s, doses, completedGroups);
    const target = forecastTarget(ctx, evaluation, completedGroups);
    return { evaluation, forecast: forecastSeries(ctx, evaluation, completedGroups, target), target };
  });
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const key = c.evaluation.series.selectSeries.seriesGroup ?? '';
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const groupBests = [...groups.values()].map((g) => bestInGroup(ctx, g)).filter((c): c is Candidate => !!c);
  const best = prioritized(groupBests);
  const resultFor = (chosen: Candidate | undefined): AntigenResult => antigenResult(ctx, name, antigen, candidates, chosen);
  const byType = bestByType(groupBests, equivalentGroups(list(antigen.series)));
  const result = resultFor(best);
  return { result, byType: byType && new Map([...byType].map(([type, chosen]) => [type, chosen === best ? result : resultFor(chosen)])) };
}

/**
 * The antigen's result for the chosen best patient series: its evaluations and forecast, or
 * Immune / Contraindicated (evidence of immunity and contraindications apply to the antigen
 * whatever its series).
 */
function antigenResult(ctx: Context, name: string, antigen: RawSupportingData['antigens'][string], candidates: Candidate[], best: Candidate | undefined): AntigenResult {
  // A dose valid in a complete series of another group (the standard series a risk series
  // builds on) stays valid for the patient: CDC's cases report it so and count it.
  const validElsewhere = (index: number): boolean => candidates.some((c) => c !== best &&
    c.forecast.status === 'Complete' && c.evaluation.series.selectSeries.seriesGroup !== best?.evaluation.series.selectSeries.seriesGroup &&
    c.evaluation.evaluated.some((e) => e.dose.index === index && e.status === 'Valid'));
  const evaluations = (best?.evaluation.evaluated ?? []).map((e) => {
    const lifted = e.status !== 'Valid' && validElsewhere(e.dose.index);
    return {
      doseIndex: e.dose.index, date: formatDate(e.dose.date), cvx: e.dose.cvx,
      status: lifted ? 'Valid' as const : e.status, reason: lifted ? null : e.reason,
      series: best!.evaluation.series.seriesName, targetDose: e.targetDose,
    };
  });
  // A series that measures its doses from an observation (the ART series from the start of
  // antiviral therapy) starts over on that date: doses before it stay valid for the
  // patient but are not doses of this series.
  const restart = best ? restartDate(ctx, best.evaluation.series) : undefined;
  const lifted = evaluations.filter((e, i) => e.status === 'Valid' && best!.evaluation.evaluated[i]!.status !== 'Valid' &&
    (restart === undefined || best!.evaluation.evaluated[i]!.dose.date >= restart)).length;
  const base = isImmune(ctx, antigen) ? noDates('Immune')
    : isContraindicated(ctx, antigen) ? noDates('Contraindicated')
      : best ? best.forecast : noDates('Not Recommended');
  const forecast = lifted && base.forecastDoseNumber !== null ? { ...base, forecastDoseNumber: base.forecastDoseNumber + lifted } : base;
  return {
    antigen: name, series: best?.evaluation.series.seriesName ?? null,
    ...(best ? { seriesType: seriesTypeOf(best) } : {}), evaluations, ...forecast,
  };
}

/**
 * The latest known date of an observation the series' intervals are measured from
 * (EVALINT "from relevant observation"), undefined when it has none.
 */
function restartDate(ctx: Context, series: RawSeries): Day | undefined {
  const codes = list(series.seriesDose).flatMap((dose) => list(dose.interval)).map((i) => i.fromRelevantObs?.code)
    .filter((code): code is string => !!code);
  return latest(...codes.map((code) => ctx.patient.observationDates.get(code)));
}
