/**
 * What needs the patient's attention, read from the ports the adapter has: unread
 * messages, refill requests still in progress and vaccines due. Each part is read on its
 * own, so a missing port or a failed read leaves only that card without a number.
 */
import type { EngageAdapter, ImmunizationForecast, RecordRef, RefillRequestStatus } from '../../adapters/ports.js';
import type { ActingAs } from '../../adapters/ports.js';

/** One count, or why there is none. */
export type Count = { state: 'count'; value: number } | { state: 'unavailable' } | { state: 'failed' };

/** The home page's numbers. */
export interface Attention {
  unreadMessages: Count;
  refillsInProgress: Count;
  vaccinesDue: Count;
}

const IN_PROGRESS: RefillRequestStatus[] = ['requested', 'in-review'];

async function countOf(read: (() => Promise<number>) | undefined): Promise<Count> {
  if (!read) return { state: 'unavailable' };
  try {
    return { state: 'count', value: await read() };
  } catch (error) {
    if ((error as { code?: string })?.code === 'aborted') throw error;
    return { state: 'failed' };
  }
}

/** Vaccine groups due now or overdue in a forecast. */
export function dueCount(forecast: ImmunizationForecast): number {
  return forecast.groups.filter((group) => group.status === 'due-now' || group.status === 'overdue').length;
}

/** Reads the three numbers in parallel. */
export async function readAttention(
  adapter: EngageAdapter,
  patient: RecordRef,
  options: { as?: ActingAs; today: string; madeAt: string; signal: AbortSignal },
): Promise<Attention> {
  const { messaging, refills, immunizations } = adapter;
  const [unreadMessages, refillsInProgress, vaccinesDue] = await Promise.all([
    countOf(
      messaging &&
        (async () => {
          const page = await messaging.listThreads({ patient, status: 'open', pageSize: 50 }, { signal: options.signal, as: options.as });
          return page.items.reduce((sum, thread) => sum + thread.unreadCount, 0);
        }),
    ),
    countOf(
      refills &&
        (async () => {
          const page = await refills.listRequests({ patient, status: IN_PROGRESS, pageSize: 50 }, { signal: options.signal });
          return page.items.filter((request) => IN_PROGRESS.includes(request.status)).length;
        }),
    ),
    countOf(
      immunizations &&
        (async () => {
          const served = await immunizations.getForecast(patient, options.today, { signal: options.signal });
          if (served) return dueCount(served);
          // no forecast from the backend: the library's CDSi engine, loaded only now
          const record = await immunizations.getRecord(patient, { signal: options.signal });
          const { forecastRecord } = await import('../../immunization-forecast/record-forecast.js');
          const made = forecastRecord(record, options.today, options.madeAt);
          if (typeof made === 'string') throw new Error(made);
          return dueCount(made);
        }),
    ),
  ]);
  return { unreadMessages, refillsInProgress, vaccinesDue };
}
