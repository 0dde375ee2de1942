import { COHORT_LIMITS as L, ScoringWeights } from '@app/contracts';
import { CohortSettings } from '@app/domain';
import { applyDecorators } from '@nestjs/common';
import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';

const Weight = () => applyDecorators(IsNumber(), Min(L.weight.min), Max(L.weight.max));

export class ScoringWeightsDto implements ScoringWeights {
  @Weight() topics: number;
  @Weight() industry: number;
  @Weight() affinity: number;
  @Weight() city: number;
  @Weight() rank: number;
}

export class CreateCohortDto implements CohortSettings {
  @IsString() @Length(1, L.name.maxLength)
  name: string;

  @IsOptional() @IsString() @MaxLength(L.description.maxLength)
  description?: string;

  @IsOptional() @IsInt() @Min(L.maxChoices.min) @Max(L.maxChoices.max)
  maxChoices?: number;

  @IsOptional() @IsInt() @Min(L.responseWindowHours.min) @Max(L.responseWindowHours.max)
  responseWindowHours?: number;

  @IsOptional() @IsBoolean()
  fillWithScores?: boolean;

  @IsOptional() @IsBoolean()
  autoRounds?: boolean;

  @IsOptional() @IsNumber() @Min(L.minScore.min) @Max(L.minScore.max)
  minScore?: number;

  @IsOptional() @ValidateNested() @Type(() => ScoringWeightsDto)
  weights?: ScoringWeightsDto;
}

export class UpdateCohortDto extends PartialType(CreateCohortDto) {}
