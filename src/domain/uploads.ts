/** An uploaded file (scanned letter, ID photo, attachment): at most 5 MB. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** The files a holder may attach when writing on their case. */
export const attachmentTypes = ['application/pdf', 'image/png', 'image/jpeg'] as const;
/** The files a mailed letter's scan may be: a document scanner's TIFF too. */
export const letterScanTypes = [...attachmentTypes, 'image/tiff'] as const;

/**
 * What a file's first bytes say it is. A browser's declared type is only a claim; staff later open
 * these files, so a file is taken only when its content matches the type it is sent as.
 */
const signatures: { type: string; bytes: number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/tiff', bytes: [0x49, 0x49, 0x2a, 0x00] }, // little-endian
  { type: 'image/tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] }, // big-endian
];

export function sniffContentType(content: Uint8Array): string | null {
  return signatures.find(({ bytes }) => bytes.every((byte, i) => content[i] === byte))?.type ?? null;
}
