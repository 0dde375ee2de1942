import { AppConfig } from '@app/config';
import { create, Font } from 'fontkit';
import { readFileSync } from 'node:fs';

/** A character every certificate prints: a font without it cannot write one. */
const PROBE = '聘';

/**
 * The Chinese font every certificate embeds a subset of, read and parsed once when the API boots: a missing,
 * unreadable or non-Chinese font stops the boot with a message naming the variable, rather than failing the first
 * person who asks. Each PDF then lays its text out with this one parsed font (pdfkit takes a fontkit font as a
 * source), where passing the file would parse the collection again for every certificate.
 */
export class CertificateFont {
  private constructor(private readonly font: Font) {}

  static load(config: Pick<AppConfig, 'CERTIFICATE_FONT_PATH' | 'CERTIFICATE_FONT_FACE'>): CertificateFont {
    const path = config.CERTIFICATE_FONT_PATH;
    const fail = (why: string) => new Error(`CERTIFICATE_FONT_PATH: ${why}; install Debian's fonts-wqy-microhei (scripts/system-packages.sh does) or point CERTIFICATE_FONT_PATH at a font with Chinese glyphs`);
    let data: Buffer;
    try {
      data = readFileSync(path);
    } catch (error) {
      throw fail(`cannot read ${path} (${(error as Error).message})`);
    }
    let opened: ReturnType<typeof create>;
    try {
      opened = create(data);
    } catch (error) {
      throw fail(`${path} is not a font (${(error as Error).message})`);
    }
    let font: Font;
    if ('fonts' in opened) {
      const face = opened.getFont(config.CERTIFICATE_FONT_FACE);
      if (!face) {
        const faces = opened.fonts.map((candidate) => candidate.postscriptName).join(', ');
        throw fail(`${path} has no face ${config.CERTIFICATE_FONT_FACE} (CERTIFICATE_FONT_FACE takes a PostScript name: ${faces})`);
      }
      font = face;
    } else {
      font = opened;
    }
    if (!font.hasGlyphForCodePoint(PROBE.codePointAt(0)!)) throw fail(`${path} (${font.postscriptName}) has no Chinese glyphs`);
    return new CertificateFont(font);
  }

  /** Selects the font on a document, which then embeds the glyphs it writes. */
  applyTo(doc: PDFKit.PDFDocument): PDFKit.PDFDocument {
    // pdfkit opens a source with a `layout` method as a fontkit font as it is; its types list only files and buffers.
    return doc.font(this.font as unknown as PDFKit.Mixins.PDFFontSource);
  }
}
