import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nextSteps, type NextStep, type NextStepsInput } from './next-steps.js';
import { policies } from './policy/index.js';

/** A UK pay-as-you-go case received on Tuesday 1 December 2026, 10:00 UK time (GMT). */
const received = new Date('2026-12-01T10:00:00Z');
const base: NextStepsInput = {
  state: 'submitted',
  receivedAt: received,
  lineEndsOn: '2026-12-02',
  reviewDueAt: null,
  cardReturnRequired: false,
  timers: [],
  completedAt: null,
  quarantine: null,
};

/** The steps as short rows: kind, status, then the instant or the day (or the days after approval). */
function rows(steps: NextStep[]): string[] {
  return steps.map(
    (s) =>
      `${s.kind} ${s.status} ${s.at?.toISOString() ?? s.date ?? `+${s.withinDays}d`}` +
      (s.at ? ` (${s.date})` : '') +
      (s.afterEarlierSteps ? ' after earlier steps' : ''),
  );
}

describe('next steps of a case', () => {
  const cases: {
    name: string;
    input: Partial<NextStepsInput>;
    now?: string;
    policy?: 'UK' | 'DE' | 'CN';
    want: string[];
  }[] = [
    {
      name: 'just received, UK prepaid: cooling-off and the decision are forecasts; the line waits for them',
      input: {},
      want: [
        'cooling_off_end expected 2026-12-02T10:00:00.000Z (2026-12-02)',
        // Two working days after cooling-off ends (Wednesday → Friday).
        'review_due expected 2026-12-04T10:00:00.000Z (2026-12-04)',
        'line_end due 2026-12-02 after earlier steps',
        // Quarantine of 90 days from the day the line can be closed at the latest.
        'number_release expected 2027-03-04',
      ],
    },
    {
      name: 'in cooling-off, a German contract: the stored timer; the line ends on its own date',
      policy: 'DE',
      input: {
        state: 'cooling_off',
        lineEndsOn: '2027-03-31',
        timers: [{ kind: 'cooling_off_end', dueAt: new Date('2026-12-02T10:05:00Z') }],
      },
      want: [
        'cooling_off_end due 2026-12-02T10:05:00.000Z (2026-12-02)',
        // Three working days in Germany: Wednesday 11:05 → Monday 11:05 Berlin time.
        'review_due expected 2026-12-07T10:05:00.000Z (2026-12-07)',
        'line_end due 2027-03-31',
        'number_release expected 2027-06-29',
      ],
    },
    {
      name: 'China: days are Beijing days (received late evening UTC is the next morning there)',
      policy: 'CN',
      input: { receivedAt: new Date('2026-12-01T20:00:00Z'), lineEndsOn: '2026-12-04' },
      now: '2026-12-01T20:00:00Z',
      want: [
        'cooling_off_end expected 2026-12-03T20:00:00.000Z (2026-12-04)',
        'review_due expected 2026-12-08T20:00:00.000Z (2026-12-09)',
        'line_end due 2026-12-04 after earlier steps',
        'number_release expected 2027-03-09',
      ],
    },
    {
      name: 'in review: the stored deadline; a card to return counts its days after approval',
      input: {
        state: 'in_review',
        cardReturnRequired: true,
        reviewDueAt: new Date('2026-12-04T10:00:00Z'),
        timers: [{ kind: 'review_deadline', dueAt: new Date('2026-12-04T10:00:00Z') }],
      },
      now: '2026-12-03T09:00:00Z',
      want: [
        'review_due due 2026-12-04T10:00:00.000Z (2026-12-04)',
        'card_return_deadline expected +14d',
        'line_end due 2026-12-02 after earlier steps',
        'number_release expected 2027-03-18',
      ],
    },
    {
      name: 'a review past its deadline is overdue',
      input: { state: 'in_review', reviewDueAt: new Date('2026-12-04T10:00:00Z') },
      now: '2026-12-08T09:00:00Z',
      want: [
        'review_due overdue 2026-12-04T10:00:00.000Z (2026-12-04)',
        'line_end due 2026-12-02 after earlier steps',
        'number_release expected 2027-03-08',
      ],
    },
    {
      name: 'waiting for the holder: the answer is due; the review clock is paused, so no decision date',
      input: {
        state: 'needs_info',
        timers: [{ kind: 'needs_info_expiry', dueAt: new Date('2026-12-16T10:00:00Z') }],
      },
      now: '2026-12-02T12:00:00Z',
      want: [
        'answer_due due 2026-12-16T10:00:00.000Z (2026-12-16)',
        'line_end due 2026-12-02 after earlier steps',
        'number_release expected 2027-03-16',
      ],
    },
    {
      name: 'waiting for the card: its deadline is a date now',
      input: {
        state: 'awaiting_card_return',
        cardReturnRequired: true,
        timers: [{ kind: 'card_return_deadline', dueAt: new Date('2026-12-18T10:00:00Z') }],
      },
      now: '2026-12-04T10:00:00Z',
      want: [
        'card_return_deadline due 2026-12-18T10:00:00.000Z (2026-12-18)',
        'line_end due 2026-12-02 after earlier steps',
        'number_release expected 2027-03-18',
      ],
    },
    {
      name: 'being closed after its end date: the line end is under way',
      input: { state: 'executing' },
      now: '2026-12-04T10:00:00Z',
      want: ['line_end overdue 2026-12-02', 'number_release expected 2027-03-04'],
    },
    {
      name: 'a state this module does not know (waiting for a later end date): the line end, generically',
      input: { state: 'scheduled', lineEndsOn: '2027-03-31' },
      now: '2026-12-10T10:00:00Z',
      want: ['line_end due 2027-03-31', 'number_release expected 2027-06-29'],
    },
    {
      name: 'completed: when the line was closed, and when the number is released',
      input: {
        state: 'completed',
        completedAt: new Date('2026-12-04T10:05:00Z'),
        quarantine: { releaseAt: new Date('2027-03-04T10:05:00Z'), releasedAt: null },
      },
      now: '2026-12-05T10:00:00Z',
      want: [
        'line_end done 2026-12-04T10:05:00.000Z (2026-12-04)',
        'number_release due 2027-03-04T10:05:00.000Z (2027-03-04)',
      ],
    },
    {
      name: 'completed and released: both done',
      input: {
        state: 'completed',
        completedAt: new Date('2026-12-04T10:05:00Z'),
        quarantine: { releaseAt: new Date('2027-03-04T10:05:00Z'), releasedAt: new Date('2027-03-04T10:06:00Z') },
      },
      now: '2027-03-05T10:00:00Z',
      want: [
        'line_end done 2026-12-04T10:05:00.000Z (2026-12-04)',
        'number_release done 2027-03-04T10:06:00.000Z (2027-03-04)',
      ],
    },
    { name: 'withdrawn: nothing lies ahead', input: { state: 'withdrawn', lineEndsOn: '2027-03-31' }, want: [] },
    { name: 'rejected: nothing lies ahead', input: { state: 'rejected' }, want: [] },
  ];
  for (const row of cases) {
    test(row.name, () => {
      const steps = nextSteps({ ...base, ...row.input }, policies[row.policy ?? 'UK'], new Date(row.now ?? received));
      assert.deepEqual(rows(steps), row.want);
    });
  }
});
