import { CertificateKind } from '@app/contracts';
import { CertificateFont } from './certificate-font';

/** Everything a certificate says. Dates are China calendar days, `YYYY-MM-DD`. */
export interface CertificateContent {
  kind: CertificateKind;
  holderName: string;
  cohortName: string;
  /** The mentor's first acceptance, the student's completion. */
  dueOn: string;
  programStartsOn: string | null;
  programEndsOn: string | null;
  /** The written form, `XXXX-XXXX-XXXX`. */
  code: string;
  verifyUrl: string;
}

interface Wording {
  title: string;
  english: string;
  lead: string;
  body: (cohort: string) => string;
  bodyEnglish: (cohort: string) => string;
  dateLabel: string;
}

const WORDING: Record<CertificateKind, Wording> = {
  mentor_appointment: {
    title: '校友导师聘书',
    english: 'ALUMNI MENTOR APPOINTMENT',
    lead: '兹聘请',
    body: (cohort) => `为「${cohort}」校友导师，与在校同学结为师友，分享经验，助其成长。`,
    bodyEnglish: (cohort) => `is appointed Alumni Mentor of ${cohort}, to share experience with students and guide their growth.`,
    dateLabel: '聘任日期  Appointed on',
  },
  student_completion: {
    title: '结业证书',
    english: 'CERTIFICATE OF COMPLETION',
    lead: '兹证明',
    body: (cohort) => `参加「${cohort}」，完成师友计划，准予结业。特发此证。`,
    bodyEnglish: (cohort) => `has taken part in ${cohort} and completed the mentorship programme.`,
    dateLabel: '结业日期  Completed on',
  },
};

const COLOURS = { seal: '#8c1d18', gold: '#b8954a', ink: '#222222', quiet: '#5c5048', paper: '#fbf8f1' };
/** A4 landscape, in points. */
const PAGE = { width: 841.89, height: 595.28 };
const MARGIN = 72;
const TEXT_WIDTH = PAGE.width - 2 * MARGIN;

/** One certificate: an A4 landscape page with a subset of the Chinese font embedded. */
export async function renderCertificate(content: CertificateContent, font: CertificateFont): Promise<Buffer> {
  // Loaded on first use, as the workbook library is: every process importing the domain would load it at boot.
  const { default: PDFDocument } = await import('pdfkit');
  const wording = WORDING[content.kind];
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    info: { Title: `${wording.title} ${wording.english}`, Author: '校友部 Alumni Office', Subject: content.cohortName },
  });
  const done = collect(doc);
  font.applyTo(doc);
  frame(doc);

  const centred = (text: string, y: number, size: number, colour: string, spacing = 0) =>
    doc.fontSize(size).fillColor(colour).text(text, MARGIN, y, { width: TEXT_WIDTH, align: 'center', characterSpacing: spacing });

  centred('校友部 · 师友计划', 62, 11, COLOURS.quiet, 3);
  centred(wording.title, 92, 40, COLOURS.seal, 10);
  centred(wording.english, 150, 12, COLOURS.quiet, 4);
  doc.moveTo(PAGE.width / 2 - 60, 178).lineTo(PAGE.width / 2 + 60, 178).lineWidth(1).strokeColor(COLOURS.gold).stroke();

  centred(wording.lead, 200, 14, COLOURS.quiet);
  centred(content.holderName, 224, 30, COLOURS.ink);
  centred(wording.body(content.cohortName), 282, 15, COLOURS.ink);
  doc.moveDown(0.3).fontSize(11).fillColor(COLOURS.quiet).text(wording.bodyEnglish(content.cohortName), MARGIN, undefined, { width: TEXT_WIDTH, align: 'center' });

  const dates = [`${wording.dateLabel}  ${chineseDate(content.dueOn)} · ${englishDate(content.dueOn)}`];
  const programme = programmeDates(content.programStartsOn, content.programEndsOn);
  if (programme) dates.push(`项目时间  Programme  ${programme}`);
  doc.fontSize(11).fillColor(COLOURS.ink).text(dates.join('\n'), MARGIN, 382, { width: TEXT_WIDTH, align: 'center', lineGap: 6 });

  verification(doc, content);
  signature(doc, content.dueOn);
  doc.end();
  return done;
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** Paper, a heavy outer rule in the seal's red and a fine gold one inside it. */
function frame(doc: PDFKit.PDFDocument): void {
  doc.rect(0, 0, PAGE.width, PAGE.height).fill(COLOURS.paper);
  doc.rect(24, 24, PAGE.width - 48, PAGE.height - 48).lineWidth(3).strokeColor(COLOURS.seal).stroke();
  doc.rect(34, 34, PAGE.width - 68, PAGE.height - 68).lineWidth(0.8).strokeColor(COLOURS.gold).stroke();
}

/** Bottom left: the code and where anyone can check it. */
function verification(doc: PDFKit.PDFDocument, content: CertificateContent): void {
  const x = MARGIN;
  doc.fontSize(9).fillColor(COLOURS.quiet).text('验证码  Verification code', x, 468, { lineBreak: false });
  doc.fontSize(15).fillColor(COLOURS.ink).text(content.code, x, 483, { lineBreak: false, characterSpacing: 1 });
  doc.fontSize(8).fillColor(COLOURS.quiet).text(`验证  Verify at  ${content.verifyUrl}`, x, 506, { width: 420 });
}

/** Bottom right: the issuing office over a signature rule, and the day. */
function signature(doc: PDFKit.PDFDocument, dueOn: string): void {
  const width = 200;
  const x = PAGE.width - MARGIN - width;
  doc.moveTo(x, 470).lineTo(x + width, 470).lineWidth(0.8).strokeColor(COLOURS.ink).stroke();
  doc.fontSize(16).fillColor(COLOURS.ink).text('校友部', x, 478, { width, align: 'center', characterSpacing: 4 });
  doc.fontSize(9).fillColor(COLOURS.quiet).text('Alumni Office', x, 500, { width, align: 'center' });
  doc.fontSize(10).fillColor(COLOURS.ink).text(chineseDate(dueOn), x, 514, { width, align: 'center' });
}

function parts(day: string): [number, number, number] {
  const [year, month, date] = day.split('-').map(Number);
  return [year, month, date];
}

/** `2026-12-02` → `2026年12月2日`. */
export function chineseDate(day: string): string {
  const [year, month, date] = parts(day);
  return `${year}年${month}月${date}日`;
}

const ENGLISH_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2026-12-02` → `2 December 2026`. */
export function englishDate(day: string): string {
  const [year, month, date] = parts(day);
  return `${date} ${ENGLISH_MONTHS[month - 1]} ${year}`;
}

/** The programme's dates as far as they are set, in both languages; null when neither is. */
export function programmeDates(startsOn: string | null, endsOn: string | null): string | null {
  if (startsOn && endsOn) return `${chineseDate(startsOn)} – ${chineseDate(endsOn)} · ${englishDate(startsOn)} – ${englishDate(endsOn)}`;
  if (startsOn) return `${chineseDate(startsOn)} 起 · from ${englishDate(startsOn)}`;
  if (endsOn) return `至 ${chineseDate(endsOn)} · until ${englishDate(endsOn)}`;
  return null;
}
