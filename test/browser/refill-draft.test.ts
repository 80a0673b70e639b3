/**
 * refill-draft.ts, read without rendering: the draft a patient's choices make, the data
 * after a send or a cancel, the form state a browser restores, and the check of a port's
 * answer. The prescriptions are built here, each made to fall in one eligibility group by
 * the rules in eligibility.ts (today is 2024-06-15).
 */
import { expect } from '@open-wc/testing';
import type { Pharmacy, Prescription, RefillRequest } from '../../src/adapters/ports.js';
import { isEngageError } from '../../src/core/errors.js';
import {
  choicesFromState,
  draftOf,
  requesterOf,
  storedRequests,
  withCancelled,
  withSent,
  type Choices,
  type EligibilityRules,
  type RefillData,
} from '../../src/elements/refill-request/refill-draft.js';

const RULES: EligibilityRules = { now: new Date(2024, 5, 15, 12, 0, 0), refillWindow: 0.75 };
const PHARMACY = 'Organization/p1';

/** Active, valid until 2025, filled 2024-05-01 for 30 days: 45 days ago, so past the 75% window. */
function prescription(id: string, fields: Partial<Prescription> = {}): Prescription {
  return {
    id,
    medication: { text: `${id} 10 MG Oral Tablet`, codings: [] },
    status: 'active',
    authoredOn: '2024-04-01',
    validFrom: '2024-04-01',
    validUntil: '2025-01-01',
    refillsAllowed: 2,
    dispenses: [{ date: '2024-05-01', daysSupply: 30 }],
    daysSupply: 30,
    controlled: false,
    ...fields,
  };
}

function data(requests: RefillRequest[] = []): RefillData {
  const pharmacies: Pharmacy[] = [{ ref: PHARMACY, name: 'Main Street Pharmacy', preferred: true, delivery: ['pickup', 'mail'] }];
  return {
    prescriptions: [
      prescription('rx-ready'), // 2 refills left, due: a refill
      prescription('rx-out', { refillsAllowed: 0 }), // its one fill used: a renewal
      prescription('rx-controlled', { controlled: true }), // never online
    ],
    pharmacies,
    requests,
  };
}

function request(id: string, prescriptionId: string, fields: Partial<RefillRequest> = {}): RefillRequest {
  return {
    id,
    prescriptionId,
    kind: 'refill',
    status: 'requested',
    medication: { text: prescriptionId, codings: [] },
    patient: 'Patient/1',
    created: '2024-06-15T10:00:00Z',
    ...fields,
  };
}

const choices = (fields: Partial<Choices> = {}): Choices => ({
  selected: new Set(['rx-ready', 'rx-out', 'rx-controlled']),
  pharmacyRef: PHARMACY,
  delivery: 'mail',
  note: '  Almost out.  ',
  ...fields,
});

describe('refill-draft: the draft of the choices', () => {
  it('sends a refill and a renewal, drops what cannot be asked online, trims the note', () => {
    expect(draftOf(data(), RULES, choices())).to.deep.equal({
      items: [
        { prescriptionId: 'rx-ready', kind: 'refill' },
        { prescriptionId: 'rx-out', kind: 'renewal' },
      ],
      pharmacy: PHARMACY,
      delivery: 'mail',
      note: 'Almost out.',
    });
  });

  it('is nothing without data, a medication, a pharmacy, or anything requestable', () => {
    expect(draftOf(undefined, RULES, choices())).to.equal(undefined);
    expect(draftOf(data(), RULES, choices({ selected: new Set() }))).to.equal(undefined);
    expect(draftOf(data(), RULES, choices({ pharmacyRef: undefined }))).to.equal(undefined);
    expect(draftOf(data(), RULES, choices({ selected: new Set(['rx-controlled']) }))).to.equal(undefined);
  });

  it('leaves out a blank note, and names who asks on the patient\'s behalf', () => {
    const requester = { ref: 'RelatedPerson/1', kind: 'related-person' as const, name: 'Sam' };
    const draft = draftOf(data(), RULES, choices({ note: '   ', requester }));
    expect(draft).to.not.have.property('note');
    expect(draft?.requester).to.deep.equal(requester);
  });

  it('does not offer again a medication approved after its last fill', () => {
    const approved = request('req-1', 'rx-ready', { status: 'approved', created: '2024-06-10T10:00:00Z' });
    const draft = draftOf(data([approved]), RULES, choices());
    expect(draft?.items.map((i) => i.prescriptionId)).to.deep.equal(['rx-out']);
  });

  it('the requester: none when the patient asks; a caregiver is a related person, anyone else a practitioner', () => {
    const base = { patient: 'Patient/1', locale: 'en', now: () => RULES.now };
    expect(requesterOf({ ...base, role: 'patient', user: { ref: 'Patient/1' } })).to.equal(undefined);
    expect(requesterOf({ ...base, role: 'patient' })).to.equal(undefined);
    expect(requesterOf({ ...base, role: 'caregiver', user: { ref: 'RelatedPerson/1', name: 'Sam' } })).to.deep.equal({
      ref: 'RelatedPerson/1',
      kind: 'related-person',
      name: 'Sam',
    });
    expect(requesterOf({ ...base, role: 'clinician', user: { ref: 'Practitioner/2' } })).to.deep.equal({
      ref: 'Practitioner/2',
      kind: 'practitioner',
      name: '',
    });
  });
});

describe('refill-draft: the data after a write', () => {
  it('after a send, each prescription points at its new request, which leads the history once', () => {
    const before = data([request('req-old', 'rx-ready', { status: 'denied' }), request('req-new', 'rx-out')]);
    const sent = [request('req-new', 'rx-out'), request('req-2', 'rx-ready')];
    const after = withSent(before, sent);
    expect(after.requests.map((r) => r.id)).to.deep.equal(['req-new', 'req-2', 'req-old']);
    expect(after.prescriptions.map((p) => p.pendingRequest)).to.deep.equal(['req-2', 'req-new', undefined]);
    // the data is replaced, never changed in place
    expect(before.prescriptions.map((p) => p.pendingRequest)).to.deep.equal([undefined, undefined, undefined]);
    expect(before.requests).to.have.length(2);
  });

  it('after a cancel, the request takes the server\'s answer and its prescription is free again', () => {
    const before = withSent(data([request('req-other', 'rx-out')]), [request('req-1', 'rx-ready')]);
    const after = withCancelled(before, 'req-1', { ...request('req-1', 'rx-ready'), status: 'cancelled', updated: '2024-06-15T11:00:00Z' });
    expect(after.requests.map((r) => [r.id, r.status])).to.deep.equal([
      ['req-1', 'cancelled'],
      ['req-other', 'requested'],
    ]);
    expect(after.requests[0]!.updated).to.equal('2024-06-15T11:00:00Z');
    expect(after.prescriptions.map((p) => p.pendingRequest)).to.deep.equal([undefined, undefined, undefined]);
    expect(before.requests[0]!.status).to.equal('requested');
  });

  it('a port\'s answer must be one stored request per medication', () => {
    const draft = draftOf(data(), RULES, choices())!;
    const two = [request('a', 'rx-ready'), request('b', 'rx-out')];
    expect(storedRequests(two, draft)).to.equal(two);
    for (const answer of [undefined, {}, [two[0]], [two[0], { ...two[1], id: '' }]]) {
      let thrown: unknown;
      try {
        storedRequests(answer, draft);
      } catch (error) {
        thrown = error;
      }
      expect(isEngageError(thrown) && thrown.code, JSON.stringify(answer)).to.equal('server');
    }
  });
});

describe('refill-draft: the form state a browser restores', () => {
  it('reads back a saved draft', () => {
    const state = JSON.stringify({ items: [{ prescriptionId: 'rx-ready', kind: 'refill' }], pharmacy: PHARMACY, delivery: 'mail', note: 'Hi' });
    const restored = choicesFromState(state);
    expect([...restored.selected!]).to.deep.equal(['rx-ready']);
    expect(restored).to.include({ pharmacyRef: PHARMACY, delivery: 'mail', note: 'Hi' });
  });

  it('keeps the current pharmacy and delivery when the state has none, and ignores what it cannot read', () => {
    const restored = choicesFromState(JSON.stringify({ delivery: 'drone' }));
    expect(restored).to.not.have.any.keys('pharmacyRef', 'delivery');
    expect(restored.note).to.equal('');
    expect([...restored.selected!]).to.deep.equal([]);
    expect(choicesFromState('{not json')).to.deep.equal({});
    expect(choicesFromState('null')).to.deep.equal({});
  });
});
