import { decodePDFRawStream, PDFArray, PDFDocument, PDFName, PDFRawStream, type PDFObject } from 'pdf-lib';

/**
 * The text drawn on every page of a PDF simexit made, one string per `Tj` (one printed line), in
 * order. simexit's letters use pdf-lib's standard fonts, which write each line as a hex string in
 * WinAnsi (Latin-1 for the characters the letters use), so decoding the content streams is enough.
 */
export async function pdfTextLines(bytes: Uint8Array): Promise<string[]> {
  const document = await PDFDocument.load(bytes);
  const lines: string[] = [];
  for (const page of document.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'));
    const refs: PDFObject[] = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    for (const ref of refs) {
      const stream = document.context.lookup(ref);
      if (!(stream instanceof PDFRawStream)) continue;
      const text = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      for (const match of text.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
        lines.push(Buffer.from(match[1]!, 'hex').toString('latin1'));
      }
    }
  }
  return lines;
}
