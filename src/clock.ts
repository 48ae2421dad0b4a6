/** Where "now" comes from. Services take it as a dependency so tests can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests and simulations move by hand. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }

  set(instant: Date | string): void {
    this.current = new Date(instant).getTime();
  }
}

/**
 * The demo operator's clock: another clock (the wall clock, or a test's) plus an offset that an
 * operator of the demo moves forward so a case can go from filing to number release in minutes.
 * Every rule still applies (cooling-off, review deadlines, quarantine): only "now" moves.
 *
 * The offset lives in the database (table `demo_clock`, services/demo-clock.service.ts) so every
 * process of a demo agrees; each process holds the last value it read and adopts a larger one when
 * it syncs. It never moves back, so a process that has not synced yet is at most behind, never ahead.
 * Only a process running the demo operator is given one (system.ts): production time never moves.
 */
export class DemoClock implements Clock {
  private offset = 0;

  constructor(readonly base: Clock) {}

  now(): Date {
    return new Date(this.base.now().getTime() + this.offset);
  }

  get offsetMs(): number {
    return this.offset;
  }

  /** Takes an offset read from the database; a smaller one (an older read) is ignored. */
  adopt(offsetMs: number): void {
    if (offsetMs > this.offset) this.offset = offsetMs;
  }
}

/**
 * The time a browser session is measured in: the wall clock even when the demo clock runs ahead.
 * A session belongs to the person at the keyboard, not to a case, and its cookie expires on the
 * browser's own clock; so moving the demo clock neither signs anyone out nor makes a session last
 * longer than its configured minutes.
 */
export function sessionTime(clock: Clock): Date {
  return clock instanceof DemoClock ? clock.base.now() : clock.now();
}
