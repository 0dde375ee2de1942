import { CERTIFICATE_CODE } from '@app/contracts';
import { randomInt } from 'node:crypto';

/** Crockford's decoding of the letters people mistype for digits. */
const LOOKALIKES: Readonly<Record<string, string>> = { I: '1', L: '1', O: '0' };

/** A fresh code in its canonical form (12 characters, no dashes): 60 bits from the system's CSPRNG. */
export function newCertificateCode(): string {
  let code = '';
  for (let index = 0; index < CERTIFICATE_CODE.length; index += 1) code += CERTIFICATE_CODE.alphabet[randomInt(CERTIFICATE_CODE.alphabet.length)];
  return code;
}

/** The written form of a canonical code: `7K3MQ9XD2HPV` → `7K3M-Q9XD-2HPV`. */
export function writtenCertificateCode(canonical: string): string {
  const groups: string[] = [];
  for (let start = 0; start < canonical.length; start += CERTIFICATE_CODE.groupLength) groups.push(canonical.slice(start, start + CERTIFICATE_CODE.groupLength));
  return groups.join('-');
}

/**
 * What a person typed, in canonical form, or null when it cannot be a code: case does not matter, dashes and
 * spaces are dropped, I/L read as 1 and O as 0.
 */
export function canonicalCertificateCode(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/[-\s]/g, '').replace(/[ILO]/g, (letter) => LOOKALIKES[letter]);
  if (compact.length !== CERTIFICATE_CODE.length) return null;
  return [...compact].every((character) => CERTIFICATE_CODE.alphabet.includes(character)) ? compact : null;
}

/** All a verification tells of the holder: the first character of their name, then `*` (`王小明` → `王*`). */
export function holderInitial(name: string): string {
  const [first] = Array.from(name.trim());
  return `${first ?? ''}*`;
}
