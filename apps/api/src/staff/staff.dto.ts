import { STAFF_LIMITS, STAFF_ROLES, StaffRole } from '@app/contracts';
import { StaffChanges, StaffInput } from '@app/domain';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { Email, PlainText } from '../applications/application.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class StaffChangesDto implements StaffChanges {
  @IsOptional() @Transform(trim) @IsString() @Length(1, STAFF_LIMITS.name.maxLength) @PlainText() name?: string;
  @IsOptional() @IsIn(STAFF_ROLES) role?: StaffRole;
  /** The cohorts a coordinator runs (replacing the list); an admin has none. */
  @IsOptional() @IsArray() @ArrayMaxSize(STAFF_LIMITS.cohortIds.maxItems) @IsInt({ each: true }) @Min(1, { each: true }) cohortIds?: number[];
}

export class StaffDto extends StaffChangesDto implements StaffInput {
  @Transform(trim) @IsString() @Length(1, STAFF_LIMITS.name.maxLength) @PlainText() declare name: string;
  @Email() email: string;
  @IsIn(STAFF_ROLES) declare role: StaffRole;
}
