import { CERTIFICATE_CODE } from '@app/contracts';
import { canonicalCertificateCode, holderInitial, newCertificateCode, writtenCertificateCode } from './certificate-code';
import { fileNamePart } from './certificates.service';

describe('certificate codes', () => {
  it('are 12 characters of Crockford base32, written in three groups of four', () => {
    for (let draw = 0; draw < 200; draw += 1) {
      const code = newCertificateCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
      expect(writtenCertificateCode(code)).toMatch(CERTIFICATE_CODE.pattern);
    }
    expect(writtenCertificateCode('7K3MQ9XD2HPV')).toBe('7K3M-Q9XD-2HPV');
  });

  it('draw from the whole alphabet, never the same twice in a sample', () => {
    const codes = Array.from({ length: 2000 }, newCertificateCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(codes.join(''))).toEqual(new Set(CERTIFICATE_CODE.alphabet));
  });

  it('read back as people type them: any case, with or without dashes and spaces, I and L as 1, O as 0', () => {
    expect(canonicalCertificateCode('7K3M-Q9XD-2HPV')).toBe('7K3MQ9XD2HPV');
    expect(canonicalCertificateCode('7k3m q9xd 2hpv')).toBe('7K3MQ9XD2HPV');
    expect(canonicalCertificateCode('7K3MQ9XD2HPV')).toBe('7K3MQ9XD2HPV');
    expect(canonicalCertificateCode('IL0O-0000-0000')).toBe('110000000000');
  });

  it('refuse what cannot be a code', () => {
    for (const typed of ['', '7K3M-Q9XD', '7K3M-Q9XD-2HPV-0', '7K3M-Q9XD-2HPU', '7K3M_Q9XD_2HPV', '王K3M-Q9XD-2HPV', '../../etc/passwd']) {
      expect(canonicalCertificateCode(typed)).toBeNull();
    }
  });
});

describe('holderInitial', () => {
  it('keeps only the first character of the name', () => {
    expect(holderInitial('王小明')).toBe('王*');
    expect(holderInitial('欧阳明远')).toBe('欧*');
    expect(holderInitial('  Alice Smith ')).toBe('A*');
  });

  it('takes a character outside the Basic Multilingual Plane whole', () => {
    expect(holderInitial('𠮷野家')).toBe('𠮷*');
  });
});

describe('fileNamePart', () => {
  it('keeps a name readable in a file name, without separators or spaces', () => {
    expect(fileNamePart('王小明')).toBe('王小明');
    expect(fileNamePart(' Alice  Smith ')).toBe('Alice_Smith');
    expect(fileNamePart('a/b\\c:d*e?"<>|')).toBe('abcde');
    expect(fileNamePart('///')).toBe('holder');
  });
});
