import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

export class PrefillQuery {
  /** The cohort to apply to. */
  @Type(() => Number) @IsInt() @Min(1) @Max(4294967295)
  cohortId: number;
}
