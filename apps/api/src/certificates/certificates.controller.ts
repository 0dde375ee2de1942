import { CertificateVerification } from '@app/contracts';
import { ApplicantIdentity, CertificatesService } from '@app/domain';
import { Controller, Get, Header, Param, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApplicantGuard, CurrentApplicant } from '../auth/applicant.guard';
import { CoordinatorGuard } from '../auth/coordinator.guard';
import { IdPipe } from '../common/id.pipe';

/** A download's name, with an ASCII fallback for clients that do not read RFC 6266's `filename*`. */
function attachment(name: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** DESIGN §8: the applicant's own certificate; 404 while none is due. Personal, so no cache keeps it. */
@ApiTags('applicant: certificate')
@ApiBearerAuth()
@UseGuards(ApplicantGuard)
@Controller('api/me')
export class MeCertificateController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get('certificate.pdf')
  @Header('Cache-Control', 'private, no-store')
  async pdf(@CurrentApplicant() applicant: ApplicantIdentity): Promise<StreamableFile> {
    const file = await this.certificates.pdfFor(applicant);
    return new StreamableFile(file.pdf, { type: 'application/pdf', disposition: attachment(file.name, 'certificate.pdf'), length: file.pdf.length });
  }
}

/** Every certificate due in a cohort, one PDF each, as one ZIP. */
@ApiTags('coordinator: certificates')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/cohorts')
export class CohortCertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get(':cohortId/certificates.zip')
  @Header('Cache-Control', 'private, no-store')
  async zip(@Param('cohortId', IdPipe) cohortId: number): Promise<StreamableFile> {
    const zip = await this.certificates.cohortZip(cohortId);
    const name = `cohort-${cohortId}-certificates.zip`;
    return new StreamableFile(zip, { type: 'application/zip', disposition: attachment(name, name), length: zip.length });
  }
}

/** Anyone holding a code may check it; rate-limited like the public forms, so codes cannot be tried in bulk. */
@ApiTags('public')
@UseGuards(ThrottlerGuard)
@Controller('api/public/certificates')
export class PublicCertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get(':code')
  verify(@Param('code') code: string): Promise<CertificateVerification> {
    return this.certificates.verify(code);
  }
}
