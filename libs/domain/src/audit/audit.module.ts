import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** DESIGN §10: the record of staff writes, taken at the API's edge, and its list and export. */
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
