import { AppConfig } from '@app/config';
import { join } from 'node:path';
import { CertificateFont } from './certificate-font';
import { renderCertificate } from './certificate-pdf';

/** The defaults: Debian's fonts-wqy-microhei, which scripts/system-packages.sh installs. */
const DEFAULTS = new AppConfig();
const config = (overrides: Partial<Pick<AppConfig, 'CERTIFICATE_FONT_PATH' | 'CERTIFICATE_FONT_FACE'>>) => ({
  CERTIFICATE_FONT_PATH: DEFAULTS.CERTIFICATE_FONT_PATH, CERTIFICATE_FONT_FACE: DEFAULTS.CERTIFICATE_FONT_FACE, ...overrides,
});

describe('CertificateFont.load, at boot', () => {
  it('names the variable and the fix when the font is missing', () => {
    expect(() => CertificateFont.load(config({ CERTIFICATE_FONT_PATH: '/nonexistent/font.ttc' })))
      .toThrow(/^CERTIFICATE_FONT_PATH: cannot read \/nonexistent\/font\.ttc \(ENOENT.*fonts-wqy-microhei/);
  });

  it('refuses a file that is not a font', () => {
    expect(() => CertificateFont.load(config({ CERTIFICATE_FONT_PATH: join(__dirname, 'certificate-font.ts') }))).toThrow(/is not a font/);
  });

  it('lists the faces of a collection when CERTIFICATE_FONT_FACE names none of them', () => {
    expect(() => CertificateFont.load(config({ CERTIFICATE_FONT_FACE: 'WenQuanYi Micro Hei' })))
      .toThrow(/has no face WenQuanYi Micro Hei \(CERTIFICATE_FONT_FACE takes a PostScript name: WenQuanYiMicroHei/);
  });
});

describe('renderCertificate', () => {
  it('writes one A4 landscape page that embeds a subset of the font, small enough to mail', async () => {
    const pdf = await renderCertificate({
      kind: 'mentor_appointment', holderName: '欧阳明远', cohortName: '2026 秋季 · 第3期 师友计划', dueOn: '2026-12-02',
      programStartsOn: '2026-09-01', programEndsOn: null, code: '7K3M-Q9XD-2HPV', verifyUrl: 'https://shiyou.example.edu.cn/api/public/certificates/7K3M-Q9XD-2HPV',
    }, CertificateFont.load(config({})));
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text.match(/\/Type \/Page\b/g)).toHaveLength(1);
    expect(text).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);
    // A subset's name is six capitals, a plus and the PostScript name.
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+WenQuanYiMicroHei/);
    expect(pdf.length).toBeLessThan(100_000);
  });
});
