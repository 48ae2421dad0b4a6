import { DemoClock } from '../clock.js';
import { addDemoClockOffset, readDemoClockOffset } from '../db/repositories/demo-clock.repository.js';
import { insertAudit } from '../db/repositories/cases.repository.js';
import { MAX_DEMO_STEP_MS, parseDemoStep } from '../domain/demo-clock.js';
import { SimexitError } from '../domain/errors.js';
import { inTransaction, type Actor, type ServiceContext } from './context.js';
import { fireDueTimers } from './timers.service.js';
import { DAY } from '../domain/time.js';

/**
 * The demo clock (src/clock.ts DemoClock): lets someone trying the demo move simexit's time forward,
 * so cooling-off, review deadlines and their escalation, card-return deadlines and quarantine come due
 * in minutes. Nothing is skipped: the same timers fire through the same transitions, only sooner.
 *
 * It exists only in a process that runs the demo operator (system.ts gives such a process a
 * DemoClock; every other process has the wall clock), and every move is audited.
 */

const TIMER_BATCH = 200;

export interface DemoClockView {
  /** simexit's time: the wall clock plus the offset. */
  now: string;
  /** How far simexit's time runs ahead of the wall clock, in ms. */
  offsetMs: number;
}

function demoClockOf(context: ServiceContext): DemoClock {
  if (context.clock instanceof DemoClock) return context.clock;
  throw new SimexitError(
    'DEMO_CLOCK_UNAVAILABLE',
    'Time can only be moved in the demo: this server runs without the demo operator (INTEGRATIONS=http or the demo is off), so its clock is the real one.',
  );
}

/**
 * Brings this process's demo clock up to the offset other processes stored. Called before each API
 * request, job and timer sweep of a demo process, so a case is never decided on an older "now" than
 * the one that brought it there; does nothing outside the demo.
 */
export async function syncDemoClock(context: ServiceContext): Promise<void> {
  if (context.clock instanceof DemoClock) context.clock.adopt(await readDemoClockOffset(context.db));
}

export async function readDemoClock(context: ServiceContext): Promise<DemoClockView> {
  const clock = demoClockOf(context);
  clock.adopt(await readDemoClockOffset(context.db));
  return { now: clock.now().toISOString(), offsetMs: clock.offsetMs };
}

/**
 * Moves the demo clock forward by `step` ("24h", "3d", …; domain/demo-clock.ts), for every process
 * of the demo, audited as `demo.clock_advanced`. The timers that came due then fire at once in this
 * process (each claimed once, so a scheduler elsewhere firing the same ones does no harm); the jobs
 * they start run on the workers as usual.
 */
export async function advanceDemoClock(
  context: ServiceContext,
  actor: Actor,
  step: string,
): Promise<DemoClockView & { advancedByMs: number; timersFired: number }> {
  const clock = demoClockOf(context);
  const byMs = parseDemoStep(step);
  if (byMs === null) {
    throw new SimexitError(
      'VALIDATION_FAILED',
      `"${step}" is not a step the demo clock takes: write a whole number and a unit, e.g. 30m, 24h, 3d or 2w (at most ${MAX_DEMO_STEP_MS / DAY} days).`,
      { field: 'body.by' },
    );
  }
  await inTransaction(context, async (tx) => {
    const before = clock.now();
    const offset = await addDemoClockOffset(tx, byMs, `${actor.kind}:${actor.id}`);
    clock.adopt(offset.after);
    await insertAudit(tx, {
      subscriberId: actor.kind === 'subscriber' ? actor.id : null,
      actorKind: actor.kind,
      actorId: actor.id,
      action: 'demo.clock_advanced',
      target: 'demo:clock',
      data: { byMs, offsetBeforeMs: offset.before, offsetAfterMs: offset.after, from: before.toISOString() },
      at: clock.now(),
    });
  });
  let timersFired = 0;
  let fired: number;
  do {
    fired = await fireDueTimers(context, TIMER_BATCH);
    timersFired += fired;
  } while (fired >= TIMER_BATCH);
  return { now: clock.now().toISOString(), offsetMs: clock.offsetMs, advancedByMs: byMs, timersFired };
}
