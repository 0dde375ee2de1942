import { NotificationStatus, NOTIFICATION_STATUSES } from '@app/contracts';
import { CoordinatorIdentity, NotificationsService } from '@app/domain';
import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Audit } from '../audit/audit.decorator';
import { CoordinatorGuard, CurrentCoordinator } from '../auth/coordinator.guard';
import { IdPipe } from '../common/id.pipe';
import { EmptyAsUnset, OptionalNumber } from '../common/query-params';

export class NotificationQuery {
  @EmptyAsUnset() @IsOptional() @IsIn(NOTIFICATION_STATUSES)
  status?: NotificationStatus;

  @OptionalNumber() @IsOptional() @IsInt() @Min(1)
  cohortId?: number;

  @OptionalNumber() @IsOptional() @IsInt() @Min(1) @Max(1000)
  limit?: number;
}

@ApiTags('coordinator: notifications')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  list(@Query() query: NotificationQuery, @CurrentCoordinator() coordinator: CoordinatorIdentity) {
    return this.notifications.list({ ...query, cohortIds: coordinator.cohortIds });
  }

  @Post(':notificationId/retry')
  @Audit('retry_notification')
  @HttpCode(200)
  retry(@Param('notificationId', IdPipe) notificationId: number) {
    return this.notifications.retry(notificationId);
  }
}
