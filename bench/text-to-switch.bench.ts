/**
 * Reply time of the UK text-to-switch keywords over SMPP, against the 60-second limit of Ofcom
 * General Condition C7: a fake SMSC on loopback delivers "STAC" from a subscriber, simexit's worker
 * (real pg-boss polling, embedded database) answers, and the time until the reply's submit_sm
 * reaches the SMSC is measured.
 *   npm run bench:sms        (BENCH_ROUNDS, default 20)
 */
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { laneOptions } from '../src/jobs/queue.js';
import { openSystem } from '../src/system.js';
import { startSmsc } from '../test/support/smsc.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const LIMIT_MS = 60_000;

const smsc = await startSmsc();
const system = await openSystem(loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://', SMPP_URL: smsc.url }), {
  logger: pino({ level: 'silent' }),
});
system.context.queue.work(system.handlers, laneOptions(system.context.config));
await system.startInbound();

const msisdn = '+447700900104';
const times: number[] = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    const before = smsc.messages.length;
    const sentAt = smsc.sendFromSubscriber(msisdn, 'STAC');
    const deadline = Date.now() + LIMIT_MS;
    while (smsc.messages.length === before && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));
    const reply = smsc.messages[before];
    if (!reply || !/Your STAC is/.test(reply.text))
      throw new Error(`round ${round}: no STAC reply within ${LIMIT_MS} ms`);
    times.push(reply.at - sentAt);
  }
} finally {
  await system.close();
  await smsc.close();
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
console.log(`\nSTAC texted → reply at the SMSC, ${ROUNDS} rounds (embedded database, worker polling every 0.5 s):`);
console.log(`  p50 ${at(0.5).toFixed(0)} ms   p95 ${at(0.95).toFixed(0)} ms   max ${times.at(-1)!.toFixed(0)} ms`);
console.log(`  worst case uses ${((100 * times.at(-1)!) / LIMIT_MS).toFixed(2)} % of the 60 s the rules allow`);
