import { execFile } from 'node:child_process';
import { join } from 'node:path';

const EXTRACT = join(__dirname, 'extract-pdf-text.mjs');

/** The text of a PDF as pdf.js (through pdf-parse) reads it; rejects what is not a PDF. */
export async function pdfText(pdf: Buffer): Promise<string> {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error(`not a PDF: starts with ${JSON.stringify(pdf.subarray(0, 16).toString('latin1'))}`);
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [EXTRACT], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(stdout);
    });
    child.stdin!.end(pdf);
  });
}
