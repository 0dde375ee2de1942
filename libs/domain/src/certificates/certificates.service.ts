import { ApplicantRole, CertificateSummary, CertificateVerification, PAIR_STATUSES } from '@app/contracts';
import { AppConfig } from '@app/config';
import { APPLICATION_ENTITY, Certificate, Cohort, Match } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CohortsService } from '../cohorts/cohorts.service';
import { NotFoundError } from '../errors/domain-errors';
import { ApplicantIdentity } from '../identity/applicant-tokens.service';
import { canonicalCertificateCode, holderInitial, newCertificateCode, writtenCertificateCode } from './certificate-code';
import { DueCertificate, dueCertificates, DueMatch } from './certificate-due';
import { CertificateFont } from './certificate-font';
import { renderCertificate } from './certificate-pdf';

export interface CertificateFile {
  /** `<kind>-<name>-<code>.pdf`. */
  name: string;
  pdf: Buffer;
}

/** A certificate and what it is printed with. */
interface Holding {
  certificate: Certificate;
  holderName: string;
}

const INSERT_CHUNK = 500;
/** Rounds of issuing: a second is needed only when a fresh code collided with another (60 random bits: almost never). */
const ISSUE_ROUNDS = 3;

/**
 * Certificates (DESIGN §8). Each is issued the first time anyone asks for it while it is due — its holder's page,
 * their PDF, the cohort's ZIP — and kept, so the same person always gets the same code; whether it is due is read
 * from the matches each time, so a code stops verifying if the reason for it went (a mentor's only pair cancelled).
 */
@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly font: CertificateFont,
    private readonly cohorts: CohortsService,
  ) {}

  /** The certificate due to the applicant (issued now if this is the first asking), or null while none is. */
  async summaryFor(identity: ApplicantIdentity): Promise<CertificateSummary | null> {
    const own = await this.ownFor(identity);
    return own && { kind: own.holding.certificate.kind, code: writtenCertificateCode(own.holding.certificate.code) };
  }

  /** GET /api/me/certificate.pdf; 404 while none is due. */
  async pdfFor(identity: ApplicantIdentity): Promise<CertificateFile> {
    const own = await this.ownFor(identity);
    if (!own) throw new NotFoundError('No certificate is due to you yet');
    return this.render(own.holding, own.cohort);
  }

  /** Every certificate due in the cohort, one PDF each, mentors first. */
  async cohortZip(cohortId: number): Promise<Buffer> {
    const cohort = await this.cohorts.get(cohortId);
    const certificates = await this.issue(dueCertificates(cohort, await this.pairedMatches(cohort.id)));
    const names = await this.holderNames(certificates);
    const { default: JSZip } = await import('jszip');
    const zip = new JSZip();
    for (const certificate of certificates) {
      const file = await this.render({ certificate, holderName: names.get(holderKey(certificate.role, certificate.applicationId)) ?? '' }, cohort);
      zip.file(file.name, file.pdf);
    }
    // PDFs are compressed already: storing them costs nothing and deflating again would gain nothing.
    return zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  }

  /** GET /api/public/certificates/:code: only a code whose certificate is still due verifies. */
  async verify(typed: string): Promise<CertificateVerification> {
    const code = canonicalCertificateCode(typed);
    const certificate = code ? await this.dataSource.manager.findOneBy(Certificate, { code }) : null;
    if (!certificate) throw new NotFoundError('No certificate has this code');
    const cohort = await this.cohorts.get(certificate.cohortId);
    const stillDue = dueCertificates(cohort, await this.pairedMatches(cohort.id, certificate.role, certificate.applicationId))
      .some((due) => due.kind === certificate.kind && due.applicationId === certificate.applicationId);
    const holder = stillDue ? await this.holderNames([certificate]) : new Map<string, string>();
    const name = holder.get(holderKey(certificate.role, certificate.applicationId));
    if (name === undefined) throw new NotFoundError('No certificate has this code');
    return { kind: certificate.kind, cohortName: cohort.name, holderInitial: holderInitial(name), issuedOn: certificate.issuedOn };
  }

  private async ownFor(identity: ApplicantIdentity): Promise<{ holding: Holding; cohort: Cohort } | null> {
    const application = await this.dataSource.manager.findOne(APPLICATION_ENTITY[identity.role], {
      select: { id: true, name: true, cohortId: true }, where: { id: identity.applicationId },
    });
    if (!application) throw new NotFoundError('Application not found');
    const cohort = await this.cohorts.get(application.cohortId);
    const own = dueCertificates(cohort, await this.pairedMatches(cohort.id, identity.role, application.id))
      .filter((due) => due.role === identity.role && due.applicationId === application.id);
    if (own.length === 0) return null;
    const [certificate] = await this.issue(own);
    return { holding: { certificate, holderName: application.name }, cohort };
  }

  /** The cohort's matches that were ever a pair, or only one applicant's. */
  private pairedMatches(cohortId: number, role?: ApplicantRole, applicationId?: number): Promise<DueMatch[]> {
    return this.dataSource.manager.find(Match, {
      select: { id: true, mentorId: true, studentId: true, status: true, acceptedAt: true, updatedAt: true },
      where: { cohortId, status: In([...PAIR_STATUSES]), ...(role && { [role === 'mentor' ? 'mentorId' : 'studentId']: applicationId }) },
      order: { id: 'ASC' },
    });
  }

  /**
   * The certificates for what is due, in the same order, issuing those not issued yet. INSERT IGNORE makes two
   * first askings at once (the page and the PDF) harmless: the unique (kind, application_id) keeps one row, and
   * both read it back. A row refused for its code instead (a collision) is missing on reading: another round draws anew.
   */
  private async issue(due: DueCertificate[]): Promise<Certificate[]> {
    if (due.length === 0) return [];
    const key = (kind: string, applicationId: number) => `${kind}:${applicationId}`;
    for (let round = 1; ; round += 1) {
      const issued = new Map((await this.issuedAmong(due)).map((row) => [key(row.kind, row.applicationId), row]));
      const missing = due.filter((item) => !issued.has(key(item.kind, item.applicationId)));
      if (missing.length === 0) return due.map((item) => issued.get(key(item.kind, item.applicationId))!);
      if (round > ISSUE_ROUNDS) throw new Error(`Could not issue ${missing.length} certificate(s) after ${ISSUE_ROUNDS} rounds`);
      for (let start = 0; start < missing.length; start += INSERT_CHUNK) {
        const rows = missing.slice(start, start + INSERT_CHUNK).map(({ kind, role, applicationId, cohortId, dueOn }) => ({
          kind, role, applicationId, cohortId, code: newCertificateCode(), issuedOn: dueOn,
        }));
        await this.dataSource.manager.createQueryBuilder().insert().into(Certificate).values(rows).orIgnore().updateEntity(false).execute();
      }
    }
  }

  private issuedAmong(due: DueCertificate[]): Promise<Certificate[]> {
    return this.dataSource.manager.findBy(Certificate, {
      cohortId: In([...new Set(due.map((item) => item.cohortId))]),
      applicationId: In([...new Set(due.map((item) => item.applicationId))]),
    });
  }

  private async holderNames(certificates: Certificate[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const role of ['mentor', 'student'] as const) {
      const ids = certificates.filter((certificate) => certificate.role === role).map((certificate) => certificate.applicationId);
      if (ids.length === 0) continue;
      const rows = await this.dataSource.manager.find(APPLICATION_ENTITY[role], { select: { id: true, name: true }, where: { id: In(ids) } });
      for (const row of rows) names.set(holderKey(role, row.id), row.name);
    }
    return names;
  }

  private async render({ certificate, holderName }: Holding, cohort: Cohort): Promise<CertificateFile> {
    const code = writtenCertificateCode(certificate.code);
    const pdf = await renderCertificate({
      kind: certificate.kind,
      holderName,
      cohortName: cohort.name,
      dueOn: certificate.issuedOn,
      programStartsOn: cohort.programStartsOn,
      programEndsOn: cohort.programEndsOn,
      code,
      verifyUrl: `${this.config.PUBLIC_URL.replace(/\/+$/, '')}/api/public/certificates/${code}`,
    }, this.font);
    return { name: `${certificate.kind}-${fileNamePart(holderName)}-${code}.pdf`, pdf };
  }
}

function holderKey(role: ApplicantRole, applicationId: number): string {
  return `${role}:${applicationId}`;
}

/** A name as part of a file name: no path separators or characters some systems refuse, no spaces. */
export function fileNamePart(name: string): string {
  return Array.from(name.trim().replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '').replace(/\s+/g, '_')).slice(0, 60).join('') || 'holder';
}
