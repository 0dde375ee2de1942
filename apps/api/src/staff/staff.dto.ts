import { STAFF_LIMITS, STAFF_ROLES, StaffRole } from '@app/contracts';
import { StaffChanges, StaffInput } from '@app/domain';
import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { Email, PlainText } from '../applications/application.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const Name = () => applyDecorators(Transform(trim), IsString(), Length(1, STAFF_LIMITS.name.maxLength), PlainText());
const Role = () => IsIn(STAFF_ROLES);
/** The cohorts a coordinator runs (replacing the list); an admin has none. */
const CohortIds = () => applyDecorators(IsOptional(), IsArray(), ArrayMaxSize(STAFF_LIMITS.cohortIds.maxItems), IsInt({ each: true }), Min(1, { each: true }));

export class StaffDto implements StaffInput {
  @Name() name: string;
  @Email() email: string;
  @Role() role: StaffRole;
  @CohortIds() cohortIds?: number[];
}

export class StaffChangesDto implements StaffChanges {
  @IsOptional() @Name() name?: string;
  @IsOptional() @Role() role?: StaffRole;
  @CohortIds() cohortIds?: number[];
}
