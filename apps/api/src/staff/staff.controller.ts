import { StaffView } from '@app/contracts';
import { CoordinatorIdentity, StaffService } from '@app/domain';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audit } from '../audit/audit.decorator';
import { AdminOnly, CoordinatorGuard, CurrentCoordinator } from '../auth/coordinator.guard';
import { IdPipe } from '../common/id.pipe';
import { StaffChangesDto, StaffDto } from './staff.dto';

/** The staff directory (DESIGN §10): admins only. */
@ApiTags('admin: staff')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@AdminOnly()
@Controller('api/staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  /** 201 and an invitation email with a sign-in link. */
  @Post()
  @Audit('create_staff')
  invite(@Body() body: StaffDto, @CurrentCoordinator() coordinator: CoordinatorIdentity): Promise<StaffView<Date>> {
    return this.staff.invite(body, coordinator);
  }

  @Get()
  list(): Promise<StaffView<Date>[]> {
    return this.staff.list();
  }

  @Patch(':staffId')
  @Audit('update_staff')
  update(@Param('staffId', IdPipe) staffId: number, @Body() body: StaffChangesDto, @CurrentCoordinator() coordinator: CoordinatorIdentity): Promise<StaffView<Date>> {
    return this.staff.update(staffId, body, coordinator);
  }

  /** Their sessions and tokens stop working at once. */
  @Post(':staffId/disable')
  @Audit('disable_staff')
  @HttpCode(200)
  disable(@Param('staffId', IdPipe) staffId: number, @CurrentCoordinator() coordinator: CoordinatorIdentity): Promise<StaffView<Date>> {
    return this.staff.disable(staffId, coordinator);
  }
}
