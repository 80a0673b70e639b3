import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/appointments/appointments.js';
import { createMemoryAdapter } from '../src/adapters/memory/index.js';
import type { EngageAdapter } from '../src/adapters/ports.js';
import { inProvider, type ProviderArgs } from './decorators.js';
import { APPOINTMENT_PATIENT, insideWindowData, schedulingData, waitingData } from './data/appointments.js';
import { driveAppointments, type AppointmentsDrive } from './data/appointments-drive.js';
import { playBookedThenCancelled, playChangedSinceShown } from './data/appointments-changed.js';

type Args = ProviderArgs & {
  /** Builds a fresh adapter for each render, so one story's bookings never leak into another. */
  makeAdapter?: () => EngageAdapter;
  'weeks-ahead'?: number;
  /** Clicks through the element to a later state after it loads. */
  drive?: AppointmentsDrive;
};

const fresh = (scheduling = schedulingData()) => () => createMemoryAdapter({ scheduling });

/** The clinic whose writes fail (`failWith`) or never answer (`latencyMs`). */
const writesThat = (writes: { failWith?: 'network'; latencyMs?: number }) => () => createMemoryAdapter({ scheduling: { ...schedulingData(), writes } });

const meta: Meta<Args> = {
  title: 'Elements/Appointments',
  component: 'engage-appointments',
  tags: ['autodocs'],
  args: { patient: APPOINTMENT_PATIENT, 'user-role': 'patient', 'weeks-ahead': 2 },
  argTypes: {
    adapter: { control: false },
    makeAdapter: { control: false },
    drive: { control: false },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  render: (args) => {
    // one adapter per render, shared with the driver (a "just taken" story books through it)
    const adapter = args.adapter ?? (args.makeAdapter ?? fresh())();
    return inProvider(
      { ...args, adapter },
      html`<engage-appointments
        weeks-ahead=${args['weeks-ahead'] ?? 2}
        ${ref((el) => void (args.drive && driveAppointments(el, args.drive, adapter)))}
      ></engage-appointments>`,
    );
  },
};
export default meta;

type Story = StoryObj<Args>;

/** Upcoming and past visits: a booked checkup, times the clinic offered for a request, a past and a cancelled visit. */
export const UpcomingAndPast: Story = {};

/** No visits yet: an invitation to book. */
export const NoVisits: Story = { args: { makeAdapter: fresh(schedulingData(false)) } };

/** Waiting for an answer: a visit the clinic has not confirmed yet, and a request that waits for the patient's. */
export const WaitingForAnswers: Story = { args: { makeAdapter: fresh(waitingData()) } };

/** A visit tomorrow, inside the clinic's 48-hour window: the patient is asked to call. */
export const CancelInsideWindow: Story = { args: { makeAdapter: fresh(insideWindowData()) } };

/** Waiting for the server. */
export const Loading: Story = { args: { makeAdapter: () => createMemoryAdapter({ scheduling: schedulingData(), latencyMs: Infinity }) } };

/** The visits could not be loaded. */
export const LoadFailed: Story = { args: { makeAdapter: () => createMemoryAdapter({ scheduling: schedulingData(), failWith: 'network' }) } };

/** In Spanish. */
export const Spanish: Story = { args: { locale: 'es' } };

/** On a phone-sized screen (320 px). */
export const Narrow: Story = { args: { width: 320 } };

/** Booking, step 1: the visit types offered, one of them booked by the clinic on request. */
export const ChooseVisitType: Story = { args: { drive: 'type' } };

/** Booking, step 2: a clinician, or the first one available. */
export const ChooseClinician: Story = { args: { drive: 'clinician' } };

/** Booking, step 3: a location (with its address), or any. */
export const ChooseLocation: Story = { args: { drive: 'location' } };

/** Booking, step 4: the calendar of days with open times (an ARIA grid, arrow keys move). */
export const PickDay: Story = { args: { drive: 'date' } };

/** Booking, step 5: the open times on the day picked. */
export const PickTime: Story = { args: { drive: 'time' } };

/** Booking, step 6: the visit, time, clinician and place to check before booking. */
export const Review: Story = { args: { drive: 'review' } };

/** Booking: waiting for the server; the button says so and cannot book twice. */
export const Booking: Story = { args: { drive: 'book', makeAdapter: writesThat({ latencyMs: Infinity }) } };

/** Someone booked the time first: the nearest open times, every other choice kept. */
export const JustTaken: Story = { args: { drive: 'taken' } };

/** The booking could not be saved: the review is kept as it was, with the button to try again. */
export const BookFailed: Story = { args: { drive: 'book', makeAdapter: writesThat({ failWith: 'network' }) } };

/** A visit the clinic books itself: preferred days, times and a note instead of a calendar. */
export const RequestInstead: Story = { args: { drive: 'request' } };

/** The request could not be sent: the days, times and note are kept, with the button to try again. */
export const RequestFailed: Story = { args: { drive: 'send-request', makeAdapter: writesThat({ failWith: 'network' }) } };

/** Moving a booked visit: a new time picked, waiting to be confirmed. */
export const Reschedule: Story = { args: { drive: 'reschedule' } };

/** Cancelling a booked visit outside the clinic's window: one more click to confirm. */
export const CancelConfirm: Story = { args: { drive: 'cancel' } };

/** The story's element and the adapter its provider holds, for a `play` function. */
const played = (canvas: HTMLElement) => [canvas.querySelector('engage-appointments'), canvas.querySelector('engage-provider')?.adapter] as const;

/**
 * The visit changed since it was shown: after the list loaded, the clinic booked the request
 * at one of the two times it offered; the patient picks the other. The answer is refused, the
 * card says the visit changed, and it shows the visit as the clinic booked it. The `play`
 * function gets there (stories/data/appointments-changed.ts); before it, the list as loaded.
 */
export const ChangedSinceShown: Story = {
  play: ({ canvasElement }) => playChangedSinceShown(...played(canvasElement)),
};

/**
 * Booked, then cancelled, then booked again: the first press stored the visit but its answer
 * was lost, and the clinic cancelled that visit before the patient pressed again. The review
 * says an earlier try booked a visit that was cancelled since, and the button books the time
 * anew. The `play` function gets there (stories/data/appointments-changed.ts); before it, the
 * list as loaded.
 */
export const BookedThenCancelled: Story = {
  play: ({ canvasElement }) => playBookedThenCancelled(...played(canvasElement)),
};
