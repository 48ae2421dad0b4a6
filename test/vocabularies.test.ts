import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { staffRoles } from '../src/domain/actors.js';
import { channels, idDocumentTypes, letterMismatchOutcomes } from '../src/domain/evidence.js';
import { leavingReasons } from '../src/domain/leaving-reasons.js';
import { reportKinds } from '../src/domain/market-reports.js';
import { reinstatementReasons, withdrawalReasons } from '../src/domain/lifecycle.js';
import { balanceOptions, markets, riskSignals } from '../src/domain/policy/types.js';
import { rejectionReasons } from '../src/domain/rejection-reasons.js';
import { revocationReasons } from '../src/domain/revocations.js';
import { DAY, DAY_SECONDS, HOUR, MINUTE, WEEK } from '../src/domain/time.js';
import { letterScanTypes } from '../src/domain/uploads.js';

/**
 * Issue 12: each of the domain's words is listed once, in src/domain/, and imported from there by the
 * routes (zod enums), the services and both web apps. A list written again elsewhere drifts: a market
 * added to the domain and missing from a route's enum is a 400 nobody meant. So the source text of
 * src/ and web/ is scanned for a list (an array or a union type) made only of one vocabulary's
 * members, and enough of them to be a copy rather than a single comparison.
 */
const root = fileURLToPath(new URL('..', import.meta.url));

interface Vocabulary {
  name: string;
  members: readonly string[];
  /** The files a list of these members may be written in: the vocabulary's home first. */
  homes: string[];
}

const vocabularies: Vocabulary[] = [
  { name: 'markets', members: markets, homes: ['src/domain/policy/types.ts'] },
  { name: 'channels', members: channels, homes: ['src/domain/evidence.ts'] },
  // The permission table says which roles may do what: subsets of the roles, by design.
  { name: 'staff roles', members: staffRoles, homes: ['src/domain/actors.ts', 'src/domain/permissions.ts'] },
  { name: 'rejection reasons', members: rejectionReasons, homes: ['src/domain/rejection-reasons.ts'] },
  { name: 'withdrawal reasons', members: withdrawalReasons, homes: ['src/domain/lifecycle.ts'] },
  { name: 'reinstatement reasons', members: reinstatementReasons, homes: ['src/domain/lifecycle.ts'] },
  { name: 'leaving reasons', members: leavingReasons, homes: ['src/domain/leaving-reasons.ts'] },
  { name: 'ID document types', members: idDocumentTypes, homes: ['src/domain/evidence.ts'] },
  { name: 'letter mismatch outcomes', members: letterMismatchOutcomes, homes: ['src/domain/evidence.ts'] },
  { name: 'upload types', members: letterScanTypes, homes: ['src/domain/uploads.ts'] },
  { name: 'balance options', members: balanceOptions, homes: ['src/domain/policy/types.ts'] },
  { name: 'market report kinds', members: reportKinds, homes: ['src/domain/market-reports.ts'] },
  { name: 'revocation reasons', members: revocationReasons, homes: ['src/domain/revocations.ts'] },
  // Each market's pack chooses which signals send a case to a person: a policy, not a copy of the list.
  {
    name: 'risk signals',
    members: riskSignals,
    homes: ['src/domain/policy/types.ts', ...['uk', 'de', 'cn', 'us'].map((m) => `src/domain/policy/${m}.ts`)],
  },
];

const quoted = String.raw`(?:'[^'\n]*'|"[^"\n]*")`;
/** Two or more string literals separated by commas or `|` (an array, a tuple or a union type). */
const listPattern = new RegExp(String.raw`${quoted}(?:\s*[,|]\s*(?:\/\/[^\n]*\n\s*)*${quoted})+`, 'g');

interface Copy {
  vocabulary: string;
  file: string;
  line: number;
  list: string[];
}

/**
 * The lists in `text` that copy a vocabulary: every item one of its members, and at least three of
 * them (both, for a vocabulary of two), so that `state === 'a' || state === 'b'` or a pair of
 * notification channels is not taken for a copy.
 */
function copiesIn(file: string, text: string, of: readonly Vocabulary[] = vocabularies): Copy[] {
  const copies: Copy[] = [];
  for (const match of text.matchAll(listPattern)) {
    const list = [...match[0].matchAll(new RegExp(quoted, 'g'))].map(([literal]) => literal.slice(1, -1));
    const line = text.slice(0, match.index).split('\n').length;
    for (const vocabulary of of) {
      if (vocabulary.homes.includes(file)) continue;
      const enough = Math.min(3, vocabulary.members.length);
      if (list.length >= enough && list.every((item) => vocabulary.members.includes(item))) {
        copies.push({ vocabulary: vocabulary.name, file, line, list });
      }
    }
  }
  return copies;
}

/** Source files of the server and the web apps; tests state their expectations in their own words. */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

// Migrations are history: they keep the words a schema change was written with.
const scanned = [...sourceFiles('src'), ...sourceFiles('web')].filter((file) => !file.startsWith('src/db/migrations/'));

describe('every vocabulary is listed once, in the domain', () => {
  test('the scan finds a copy, and leaves a comparison or a home alone', () => {
    const planted = [
      "const queueChannels = ['online', 'phone', 'chat'];",
      "type Market = 'UK' | 'DE' | 'CN' | 'US';",
      'const reasons = [\n  "holder_request",\n  "holder_disputed",\n];',
    ].join('\n');
    assert.deepEqual(
      copiesIn('web/console/pages/Planted.tsx', planted).map(({ vocabulary, line }) => [vocabulary, line]),
      [
        ['channels', 1],
        ['markets', 2],
        ['withdrawal reasons', 4],
      ],
    );
    const innocent = [
      "if (channel === 'store' || channel === 'mail') return;",
      "const notify = ['sms', 'email'];",
      "const countries = ['GB', 'DE', 'CN', 'US'];",
    ].join('\n');
    assert.deepEqual(copiesIn('src/services/innocent.ts', innocent), []);
    assert.deepEqual(copiesIn('src/domain/evidence.ts', planted.split('\n')[0]!), []);
  });

  test('each home holds its vocabulary, so the scan looks for the words the code uses', () => {
    for (const vocabulary of vocabularies) {
      const home = readFileSync(join(root, vocabulary.homes[0]!), 'utf8');
      const found = copiesIn('elsewhere.ts', home, [vocabulary]);
      assert.ok(found.length > 0, `${vocabulary.name} is not listed in ${vocabulary.homes[0]}`);
    }
  });

  test('no market, channel, role, reason or type list is written outside its home in src/ or web/', () => {
    assert.ok(scanned.length > 100 && scanned.some((file) => file.startsWith('web/')), 'the scan reads the sources');
    const copies = scanned.flatMap((file) => copiesIn(file, readFileSync(join(root, file), 'utf8')));
    assert.deepEqual(
      copies.map(({ vocabulary, file, line, list }) => `${file}:${line} copies the ${vocabulary}: ${list.join(', ')}`),
      [],
    );
  });
});

describe('lengths of time come from src/domain/time.ts', () => {
  test('the constants are what their names say', () => {
    assert.deepEqual([MINUTE, HOUR, DAY, WEEK, DAY_SECONDS], [60_000, 3_600_000, 86_400_000, 604_800_000, 86_400]);
  });

  test('no hour or day is written out in milliseconds or seconds elsewhere in src/ or web/', () => {
    const spelledOut = /\b(?:3_?600_?000|86_?400(?:_?000)?|24 \* 60 \* 60|60 \* 60 \* 1000)\b/;
    const found = scanned.filter(
      (file) => file !== 'src/domain/time.ts' && spelledOut.test(readFileSync(join(root, file), 'utf8')),
    );
    assert.deepEqual(found, []);
  });
});
