import { PrivacyService } from '@app/domain';
import { Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audit } from '../audit/audit.decorator';
import { AdminOnly, CoordinatorGuard } from '../auth/coordinator.guard';
import { IdPipe } from '../common/id.pipe';

/** DESIGN §10: an archived cohort's personal data removed at once, as retention would after `retainDays`; admins only. */
@ApiTags('coordinator: personal data')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/cohorts/:cohortId')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Post('purge')
  @AdminOnly()
  @HttpCode(200)
  @Audit('purge_cohort')
  purge(@Param('cohortId', IdPipe) cohortId: number) {
    return this.privacy.purge(cohortId);
  }
}
