/**
 * Reads a PDF back the way a person's viewer or a search index does, with pdfjs-dist (Mozilla's
 * PDF reader, pure JavaScript): its metadata, and each page's text runs with their position, size
 * and font. Tests check a document's fields against the API's invoice with it, and the golden
 * layout files are made of what it reads.
 */
export interface TextRun {
  readonly page: number;
  readonly text: string;
  /** From the page's left edge, in points. */
  readonly x: number;
  /** From the page's top edge, in points (the run's baseline). */
  readonly y: number;
  readonly size: number;
  /** The embedded font's PostScript name without its subset tag, e.g. `Inter-SemiBold`. */
  readonly font: string;
}

export interface PdfContent {
  readonly pages: number;
  readonly info: Record<string, unknown>;
  readonly runs: readonly TextRun[];
  /** Every run's text, one run per line, in reading order. */
  readonly text: string;
}

interface PdfJsItem {
  str: string;
  transform: number[];
  width: number;
  fontName: string;
}

/**
 * pdfjs cuts a line into pieces where kerning moves a glyph (Inter kerns `7.` in `187.5`); the
 * pieces that touch on one baseline, in one font, are joined back into the run that was written.
 */
/** A gap between two pieces that no separate run would leave: a kerned overlap, or next to none. */
function isTouching(gap: number, size: number): boolean {
  return gap > -0.5 * size && gap < 0.1 * size;
}

function joinTouching(runs: Array<TextRun & { width: number }>): TextRun[] {
  const joined: Array<TextRun & { width: number }> = [];
  for (const run of runs) {
    const last = joined.at(-1);
    const touching = last && last.page === run.page && last.font === run.font && last.size === run.size && Math.abs(last.y - run.y) < 0.5 && isTouching(run.x - (last.x + last.width), run.size);
    if (last && touching) joined[joined.length - 1] = { ...last, text: last.text + run.text, width: run.x + run.width - last.x };
    else joined.push(run);
  }
  return joined.map(({ width: _width, ...run }) => run);
}

// pdfjs-dist ships as ES modules only; a dynamic import loads it from this CommonJS build.
const pdfjs = import('pdfjs-dist/legacy/build/pdf.mjs');

export async function readPdf(bytes: Uint8Array): Promise<PdfContent> {
  const { getDocument } = await pdfjs;
  const document = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const runs: Array<TextRun & { width: number }> = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const height = page.view[3];
      // The operator list loads the page's fonts, so that their real names can be looked up.
      await page.getOperatorList();
      const content = await page.getTextContent();
      for (const item of content.items as PdfJsItem[]) {
        if (item.str.trim() === '') continue;
        const font = (page.commonObjs.get(item.fontName) as { name: string }).name.replace(/^[A-Z]{6}\+/, '');
        runs.push({ page: number, text: item.str, x: item.transform[4], y: height - item.transform[5], size: item.transform[0], font, width: item.width });
      }
    }
    const { info } = await document.getMetadata();
    const lines = joinTouching(runs);
    return { pages: document.numPages, info: info as Record<string, unknown>, runs: lines, text: lines.map((run) => run.text).join('\n') };
  } finally {
    await document.destroy();
  }
}

/**
 * The layout as text, one run per line: page, position and size rounded to whole points, font and
 * text. Meaningful (a moved column, a lost field, a wrong font or a reworded label shows up as a
 * line of diff) but not brittle: compression, font subsetting and object order do not appear in it.
 */
export function layoutTranscript(content: PdfContent): string {
  const lines = content.runs.map((run) => `p${run.page} x${Math.round(run.x)} y${Math.round(run.y)} ${Math.round(run.size * 10) / 10}pt ${run.font} | ${run.text}`);
  return `pages: ${content.pages}\n${lines.join('\n')}\n`;
}
