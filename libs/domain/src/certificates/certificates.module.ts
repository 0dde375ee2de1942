import { AppConfig } from '@app/config';
import { Module } from '@nestjs/common';
import { CohortsModule } from '../cohorts/cohorts.module';
import { CertificateFont } from './certificate-font';
import { CertificatesService } from './certificates.service';

/** Certificates (DESIGN §8): issuing, the PDFs, the cohort's ZIP, public verification. The font is read at boot. */
@Module({
  imports: [CohortsModule],
  providers: [{ provide: CertificateFont, inject: [AppConfig], useFactory: (config: AppConfig) => CertificateFont.load(config) }, CertificatesService],
  exports: [CertificatesService],
})
export class CertificatesModule {}
