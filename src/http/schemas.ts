import { z } from 'zod';
import { SimexitError } from '../domain/errors.js';
import { MAX_UPLOAD_BYTES, sniffContentType } from '../domain/uploads.js';
import { noDecisions, type CancellationDecisions } from '../domain/line.js';
import { rejectionReasons } from '../domain/lifecycle.js';

/** Zod schemas shared by routes. Objects are strict: an unknown field is a 400, not silently dropped. */
export const msisdnString = z
  .string()
  .min(3)
  .max(32)
  .describe('Phone number: E.164 (+447700900101), or in its market’s national format (07700 900101)');
export const iccidString = z.string().min(10).max(30).describe('SIM serial number printed on the card (19–20 digits)');
export const caseIdParams = z.object({ id: z.uuid() }).strict();
export const msisdnParams = z.object({ msisdn: msisdnString }).strict();

export const decisionsSchema = z
  .object({
    acceptEarlyTerminationCharge: z.boolean().default(false),
    balance: z
      .discriminatedUnion('option', [
        z.object({ option: z.literal('transfer'), toMsisdn: msisdnString }).strict(),
        z.object({ option: z.literal('refund') }).strict(),
        z.object({ option: z.literal('forfeit'), acknowledged: z.literal(true) }).strict(),
      ])
      .nullable()
      .default(null),
    acknowledgedServiceIds: z.array(z.string().min(1).max(100)).max(50).default([]),
  })
  .strict();

export function toDecisions(input: z.infer<typeof decisionsSchema>): CancellationDecisions {
  const balance = input.balance;
  return {
    acceptEarlyTerminationCharge: input.acceptEarlyTerminationCharge,
    balance:
      balance === null
        ? null
        : balance.option === 'transfer'
          ? { option: 'transfer', toMsisdn: balance.toMsisdn }
          : { option: balance.option },
    acknowledgedServiceIds: input.acknowledgedServiceIds,
  };
}

export const cancellationFields = {
  msisdn: msisdnString,
  decisions: decisionsSchema.default({ ...noDecisions }),
  requestedEndDate: z.iso.date().nullable().default(null).describe('Earliest end date wanted (YYYY-MM-DD)'),
  confirmationEmail: z.email().max(254).nullable().default(null),
  terminationKind: z
    .enum(['ordinary', 'extraordinary'])
    .default('ordinary')
    .describe('Extraordinary termination needs a reason, which a person reviews'),
  extraordinaryReason: z.string().trim().max(1000).nullable().default(null),
  leavingReason: z
    .string()
    .max(500)
    .nullable()
    .default(null)
    .describe('Optional; never blocks or delays the cancellation'),
};

export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(8)
    .max(200)
    .regex(/^[\x21-\x7e]+$/)
    .optional(),
});

/** Request body limit for routes that take an upload: the encoded file plus the other fields. */
export const UPLOAD_BODY_LIMIT = 8 * 1024 * 1024;

export const uploadSchema = <T extends readonly [string, ...string[]]>(contentTypes: T) =>
  z
    .object({
      filename: z
        .string()
        .trim()
        .min(1)
        .max(200)
        .regex(/^[^/\\]+$/, 'A file name, without folders'),
      contentType: z.enum(contentTypes),
      contentBase64: z
        .base64()
        .min(4)
        // Base64 of at most MAX_UPLOAD_BYTES: about 6.7 MB.
        .max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4),
    })
    .strict();

export const rejectionReason = z.enum(rejectionReasons);

/**
 * The bytes of an uploaded file, refused unless they are what the upload says they are (a PDF that
 * starts with %PDF-, a PNG with its signature…): staff open these files later.
 */
export function uploadedContent(upload: { contentType: string; contentBase64: string }, field: string): Buffer {
  const content = Buffer.from(upload.contentBase64, 'base64');
  if (sniffContentType(content) !== upload.contentType) {
    throw new SimexitError('VALIDATION_FAILED', `The file is not a ${upload.contentType} file. Send the file itself.`, {
      field,
    });
  }
  return content;
}
