import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  type PDFObject,
} from 'pdf-lib';

/** One font's ToUnicode map: glyph code (hex, as written in the text) → the characters it shows. */
type UnicodeMap = Map<string, string>;

/** The characters of a UTF-16BE hex string (how ToUnicode maps write their targets). */
const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');

/** Reads a ToUnicode CMap's `bfchar` and `bfrange` entries (the forms PDF writers use for embedded fonts). */
function parseToUnicode(cmap: string): UnicodeMap {
  const map: UnicodeMap = new Map();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, target] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(code!.toLowerCase(), utf16(target!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, low, high, start] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const width = low!.length;
      for (let code = parseInt(low!, 16), first = parseInt(start!, 16); code <= parseInt(high!, 16); code++) {
        map.set(code.toString(16).padStart(width, '0'), String.fromCharCode(first + code - parseInt(low!, 16)));
      }
    }
  }
  return map;
}

/** The ToUnicode map of each font a page names in its resources (null: a standard font, WinAnsi text). */
function pageFonts(document: PDFDocument, resources: PDFDict | undefined): Map<string, UnicodeMap | null> {
  const fonts = new Map<string, UnicodeMap | null>();
  const fontDict = resources?.lookupMaybe(PDFName.of('Font'), PDFDict);
  if (!fontDict) return fonts;
  for (const [name, ref] of fontDict.entries()) {
    const font = document.context.lookup(ref);
    const toUnicode = font instanceof PDFDict ? font.get(PDFName.of('ToUnicode')) : undefined;
    const stream = toUnicode instanceof PDFRef ? document.context.lookup(toUnicode) : toUnicode;
    fonts.set(
      name.decodeText(),
      stream instanceof PDFRawStream
        ? parseToUnicode(Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1'))
        : null,
    );
  }
  return fonts;
}

/** A hex text string in `map`'s font: glyph codes of the map's code width, or WinAnsi bytes without a map. */
function decodeText(hex: string, map: UnicodeMap | null | undefined): string {
  if (!map) return Buffer.from(hex, 'hex').toString('latin1');
  const width = map.keys().next().value?.length ?? 4;
  let text = '';
  for (let i = 0; i < hex.length; i += width) text += map.get(hex.slice(i, i + width).toLowerCase()) ?? '\ufffd';
  return text;
}

/**
 * The text drawn on every page of a PDF simexit made, one string per `Tj` (one printed line), in
 * order. Letters embed their font (Noto Sans SC, services/letter-pdf.ts): the text is written as glyph
 * codes, read back through each font's ToUnicode map; text in a standard font is read as WinAnsi.
 */
export async function pdfTextLines(bytes: Uint8Array): Promise<string[]> {
  const document = await PDFDocument.load(bytes);
  const lines: string[] = [];
  for (const page of document.getPages()) {
    const fonts = pageFonts(document, page.node.Resources());
    const contents = page.node.get(PDFName.of('Contents'));
    const refs: PDFObject[] = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    let font: string | null = null;
    for (const ref of refs) {
      const stream = document.context.lookup(ref);
      if (!(stream instanceof PDFRawStream)) continue;
      const content = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      for (const match of content.matchAll(/\/([^\s/<>[\]()]+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj/g)) {
        if (match[1] !== undefined) font = match[1];
        else lines.push(decodeText(match[2]!, font === null ? null : fonts.get(font)));
      }
    }
  }
  return lines;
}

const cjk = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/;

/**
 * Printed lines joined back into running text: a line wrapped between two words gets its space
 * back, one wrapped inside Chinese (written without spaces) does not.
 */
export function joinLines(lines: readonly string[]): string {
  return lines.reduce((text, line) => {
    if (text === '') return line;
    return cjk.test(text.at(-1)!) || cjk.test(line[0] ?? '') ? text + line : `${text} ${line}`;
  }, '');
}
