import { deleteExpiredRateLimits } from '../db/repositories/rate-limits.repository.js';
import type { ServiceContext } from '../services/context.js';
import { generateDueReports } from '../services/market-reports.service.js';
import { forgetOldSmsParts } from '../services/notifications.service.js';
import { syncDemoClock } from '../services/demo-clock.service.js';
import { fireDueTimers } from '../services/timers.service.js';

/**
 * The scheduler role: every TIMER_SWEEP_SECONDS, fire the timers that are due, then produce any
 * market report that is due and missing, then delete rate-limit windows that have passed and SMS
 * parts too old for a delivery receipt. Timers are rows (cooling-off end, deadlines, quarantine
 * end), so nothing is lost when a process stops; the next sweep of any scheduler picks them up.
 */
const BATCH = 200;

/** Fires batches until fewer than a full batch was due, so a backlog drains without waiting a period each. */
async function sweepUntilIdle(context: ServiceContext): Promise<void> {
  // In the demo, "now" may have been moved by another process since the last sweep.
  await syncDemoClock(context);
  while ((await fireDueTimers(context, BATCH)) === BATCH) {
    // A full batch: there may be more due right now.
  }
  await generateDueReports(context);
  await deleteExpiredRateLimits(context.db);
  await forgetOldSmsParts(context);
}

export function startTimerSweep(context: ServiceContext): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    running = sweepUntilIdle(context)
      .catch((error) => context.logger.error({ err: error }, 'timer sweep failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, context.config.TIMER_SWEEP_SECONDS * 1000);
      });
  };
  let timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
