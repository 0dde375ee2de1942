import { CohortSettings } from '@app/domain';
import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export class ScoringWeightsDto {
  @IsNumber() @Min(0) @Max(10) topics: number;
  @IsNumber() @Min(0) @Max(10) industry: number;
  @IsNumber() @Min(0) @Max(10) affinity: number;
  @IsNumber() @Min(0) @Max(10) city: number;
  @IsNumber() @Min(0) @Max(10) rank: number;
}

export class CreateCohortDto implements CohortSettings {
  @IsString() @Length(1, 200)
  name: string;

  @IsOptional() @IsString() @MaxLength(5000)
  description?: string;

  @IsOptional() @IsInt() @Min(1) @Max(10)
  maxChoices?: number;

  @IsOptional() @IsInt() @Min(1) @Max(24 * 60)
  responseWindowHours?: number;

  @IsOptional() @IsBoolean()
  fillWithScores?: boolean;

  @IsOptional() @IsBoolean()
  autoRounds?: boolean;

  @IsOptional() @IsNumber() @Min(0) @Max(1)
  minScore?: number;

  @IsOptional() @ValidateNested() @Type(() => ScoringWeightsDto)
  weights?: ScoringWeightsDto;
}

export class UpdateCohortDto extends PartialType(CreateCohortDto) {}
