import type { Migration } from 'kysely';
import * as m0001 from './0001_cases.js';
import * as m0002 from './0002_demo_operator.js';

/** Forward-only, numbered. Add a file and list it here; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '0001_cases': m0001,
  '0002_demo_operator': m0002,
};
