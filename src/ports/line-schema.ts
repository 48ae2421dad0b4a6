import { z } from 'zod';
import { esimProfileStates } from '../domain/esim.js';
import { lineStatuses } from '../domain/line.js';
import { markets, productTypes } from '../domain/policy/types.js';

/**
 * A line as the CRM holds it (ports.ts `LineRecord`): what the BSS contract's CRM answers
 * (adapters/http/bss.ts checks every answer against it) and what the staff line lookup answers.
 */
export const lineSchema = z.object({
  msisdn: z.string(),
  iccid: z.string(),
  subscriberId: z.string(),
  productType: z.enum(productTypes),
  market: z.enum(markets),
  status: z.enum(lineStatuses),
  /** An eSIM line's profile (ports.ts EsimProfileFacts); absent for other lines and from older CRMs. */
  esimProfile: z
    .object({
      state: z.enum(esimProfileStates),
      eid: z.string().nullable(),
      matchingId: z.string().nullable(),
    })
    .nullable()
    .optional(),
});
