import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type * as PdfLib from 'pdf-lib';
import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

/**
 * The typeface of simexit's letters: Noto Sans SC (SIL Open Font License 1.1, shipped as TrueType by
 * the npm package @expo-google-fonts/noto-sans-sc). It covers Latin with its accents and signs
 * (ä ö ü ß „“ € £) and Simplified Chinese, so a letter prints in the holder's language where the
 * standard PDF fonts (Latin-1 only) printed '?'. Only the glyphs a letter uses are embedded
 * (subsetting), which keeps a letter to a few tens of KB although each font file is 10 MB.
 */
const fontFiles = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;

let fontBytes: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

/** The two font files, read once per process on first use (a failed read is tried again next time). */
function loadFonts(): Promise<{ regular: Uint8Array; bold: Uint8Array }> {
  if (!fontBytes) {
    const require = createRequire(import.meta.url);
    fontBytes = Promise.all([
      readFile(require.resolve(fontFiles.regular)),
      readFile(require.resolve(fontFiles.bold)),
    ]).then(([regular, bold]) => ({ regular, bold }));
    fontBytes.catch(() => {
      fontBytes = undefined;
    });
  }
  return fontBytes;
}

/**
 * pdf-lib and fontkit, loaded on the first letter: they are a third of what loading simexit's modules
 * costs, and most processes (an API serving no letter, a CLI command) never write one.
 *
 * fontkit remembers the fonts it parsed: pdf-lib parses a font's bytes at every embedding, and
 * parsing these 10 MB files (tens of thousands of glyphs) was most of a letter's time. A parsed
 * font is only read from afterwards (each letter makes its own subset of it), so one per file serves
 * every letter of the process.
 */
let pdfLibrary: Promise<{ pdf: typeof PdfLib; fontkit: Fontkit }> | undefined;
function loadPdfLibrary() {
  pdfLibrary ??= Promise.all([import('pdf-lib'), import('@pdf-lib/fontkit')]).then(([pdf, { default: fontkit }]) => {
    const parsedFonts = new WeakMap<Uint8Array, ReturnType<typeof fontkit.create>>();
    const cachingFontkit: Fontkit = {
      ...fontkit,
      create(buffer, postscriptName) {
        if (postscriptName !== undefined) return fontkit.create(buffer, postscriptName);
        let font = parsedFonts.get(buffer);
        if (!font) {
          font = fontkit.create(buffer);
          parsedFonts.set(buffer, font);
        }
        return font;
      },
    };
    return { pdf, fontkit: cachingFontkit };
  });
  return pdfLibrary;
}

export type LetterLine = (text: string, options?: { size?: number; bold?: boolean; gap?: number }) => void;

const PAGE = { width: 595, height: 842, margin: 56, top: 780, bottom: 56 } as const;

/**
 * Where a line of text may break: between words, and between any two Chinese characters or
 * full-width signs (Chinese is written without spaces). A run of spaces is its own piece and is
 * dropped at a break; a no-break space (as in "7,40 €") holds its neighbours together.
 */
const breakable =
  /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|[^ \t\n\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+|[ \t\n]+/g;

/** `text` in rows no wider than `width` at `size` in `font`. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const rows: string[] = [];
  let row = '';
  for (const piece of text.match(breakable) ?? []) {
    const candidate = row + piece;
    if (row !== '' && font.widthOfTextAtSize(candidate.trimEnd(), size) > width) {
      rows.push(row.trimEnd());
      row = /^[ \t\n]+$/.test(piece) ? '' : piece;
    } else row = candidate;
  }
  if (row.trim() !== '' || rows.length === 0) rows.push(row.trimEnd());
  return rows;
}

/**
 * A letter on A4 pages, text lines top to bottom in Noto Sans SC, wrapped at the margins and
 * continued on a new page when one is full. `language` is the letter's (BCP 47), set as the PDF's
 * language for screen readers.
 */
export async function writeLetter(
  meta: { title: string; createdAt: Date; language: string },
  write: (line: LetterLine) => void,
): Promise<Uint8Array> {
  const bytes = await loadFonts();
  const { pdf, fontkit } = await loadPdfLibrary();
  const document = await pdf.PDFDocument.create();
  document.registerFontkit(fontkit);
  document.setTitle(meta.title);
  document.setLanguage(meta.language);
  document.setCreator('simexit');
  document.setProducer('simexit');
  document.setCreationDate(meta.createdAt);
  document.setModificationDate(meta.createdAt);
  const [font, bold] = await Promise.all([
    document.embedFont(bytes.regular, { subset: true }),
    document.embedFont(bytes.bold, { subset: true }),
  ]);
  let page: PDFPage = document.addPage([PAGE.width, PAGE.height]);
  let y: number = PAGE.top;
  write((text, options = {}) => {
    const size = options.size ?? 11;
    const face = options.bold ? bold : font;
    const rows = wrapText(text, face, size, PAGE.width - 2 * PAGE.margin);
    rows.forEach((row, index) => {
      if (y < PAGE.bottom) {
        page = document.addPage([PAGE.width, PAGE.height]);
        y = PAGE.top;
      }
      if (row !== '') page.drawText(row, { x: PAGE.margin, y, size, font: face, color: pdf.rgb(0.1, 0.1, 0.1) });
      y -= index === rows.length - 1 ? (options.gap ?? 18) : size + 5;
    });
  });
  return document.save();
}
