import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';

/**
 * The page and its typography: A4, one typeface (Inter, SIL Open Font License 1.1, which allows
 * embedding; from @expo-google-fonts/inter) in two weights, embedded as subsets so that every
 * accent (Café Ó Briain, Müller, Łódź) and currency sign prints and stays extractable text. A
 * cursor (`y`) walks down the page and opens a new one when the next block would not fit.
 */
export const PAGE = { width: 595.28, height: 841.89, left: 56, right: 539.28, top: 56, bottom: 780 } as const;
export const CONTENT_WIDTH = PAGE.right - PAGE.left;
export const INK = '#1a1a1a';
export const MUTED = '#5f6368';
export const RULE = '#d5d8dc';
export const FILL = '#f2f4f6';

export type Weight = 'regular' | 'semibold';

let fonts: Record<Weight, unknown> | undefined;

/**
 * The two faces, parsed once per process. Parsing a face (its layout tables above all) was most of
 * an invoice's rendering time when every document parsed its own copy: ≈ 76 ms of CPU per invoice,
 * which every invoice email and PDF download paid. The parsed face is read-only for a document;
 * each document still embeds a subset of its own.
 */
function parsedFonts(): Record<Weight, unknown> {
  const face = (file: string) => fontkit.create(readFileSync(require.resolve(file)));
  fonts ??= {
    regular: face('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf'),
    semibold: face('@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf'),
  };
  return fonts;
}

export interface TextStyle {
  readonly size?: number;
  readonly weight?: Weight;
  readonly color?: string;
  readonly width?: number;
  readonly align?: 'left' | 'right' | 'center';
  /** Tabular figures, so that amounts in a column line up digit under digit. */
  readonly numeric?: boolean;
}

export class PdfPage {
  readonly doc: PDFKit.PDFDocument;
  y: number = PAGE.top;
  /** Drawn at the top of each page the cursor opens (the lines table repeats its header). */
  onNewPage: (() => void) | undefined;

  constructor(info: PDFKit.DocumentInfo) {
    // bufferPages: footers ("page 1 of 2") are written once every page exists.
    this.doc = new PDFDocument({ size: 'A4', margin: 0, bufferPages: true, info, lang: 'en-GB', displayTitle: true, pdfVersion: '1.7' });
    // PDFKit takes a parsed face as well as its bytes; its types know only the bytes.
    const faces = parsedFonts() as Record<Weight, Buffer>;
    this.doc.registerFont('regular', faces.regular);
    this.doc.registerFont('semibold', faces.semibold);
  }

  /** Writes `text` at (x, y) and answers its height. */
  text(text: string, x: number, y: number, style: TextStyle = {}): number {
    const options: PDFKit.Mixins.TextOptions = { width: style.width, align: style.align ?? 'left', lineGap: 1.5, ...(style.numeric ? { features: ['tnum'] } : {}) };
    // In a column of figures a negative sign is the minus sign, as wide as a digit, not a hyphen.
    if (style.numeric) text = text.replace(/^-/, '\u2212');
    this.doc.font(style.weight ?? 'regular').fontSize(style.size ?? 9.5).fillColor(style.color ?? INK);
    const height = this.doc.heightOfString(text, options);
    this.doc.text(text, x, y, options);
    return height;
  }

  heightOf(text: string, style: TextStyle = {}): number {
    this.doc.font(style.weight ?? 'regular').fontSize(style.size ?? 9.5);
    return this.doc.heightOfString(text, { width: style.width, lineGap: 1.5 });
  }

  rule(y: number, color = RULE, from: number = PAGE.left, to: number = PAGE.right, width = 0.75): void {
    this.doc.moveTo(from, y).lineTo(to, y).lineWidth(width).strokeColor(color).stroke();
  }

  fill(x: number, y: number, width: number, height: number, color = FILL): void {
    this.doc.rect(x, y, width, height).fillColor(color).fill();
  }

  /** Makes room for `height` points, opening a new page when the current one is full. */
  ensure(height: number): void {
    if (this.y + height <= PAGE.bottom) return;
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.y = PAGE.top;
    this.onNewPage?.();
  }

  /** Ends the document and answers its bytes. */
  finish(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    return new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
      this.doc.end();
    });
  }
}
