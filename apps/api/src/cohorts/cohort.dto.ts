import { COHORT_LIMITS as L, CohortEligibility, ELIGIBILITY_LIMITS as E, ScoringWeights } from '@app/contracts';
import { CohortSettings } from '@app/domain';
import { applyDecorators } from '@nestjs/common';
import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayUnique, buildMessage, IsArray, IsBoolean, IsDate, IsInt, isISO8601, IsNumber, IsObject, IsOptional, IsString, Length, Max, Min, ValidateBy, ValidateIf, ValidateNested,
} from 'class-validator';
import { LongText, PlainText, StringList } from '../applications/application.dto';

/**
 * A calendar date `YYYY-MM-DD` that exists (2027-02-30 does not); null clears it. One rule (`pattern`, as `matches`
 * is reported), so a bad date is one problem, not two.
 */
const CalendarDate = () => applyDecorators(IsOptional(), ValidateBy({
  name: 'matches',
  validator: {
    validate: (value: unknown) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && isISO8601(value, { strict: true }),
    defaultMessage: buildMessage((each) => `${each}$property must be a date written YYYY-MM-DD`),
  },
}));

const Weight = () => applyDecorators(IsNumber(), Min(L.weight.min), Max(L.weight.max));

/**
 * A setting that may be left out but not sent as null: its column is NOT NULL with a default, and IsOptional
 * would let a null through to the database.
 */
const OptionalNotNull = () => ValidateIf((_settings: object, value: unknown) => value !== undefined);

export class ScoringWeightsDto implements ScoringWeights {
  @Weight() topics: number;
  @Weight() industry: number;
  @Weight() affinity: number;
  @Weight() city: number;
  @Weight() rank: number;
}

/** Either list may be left out or empty (admits everyone on it); the domain stores an eligibility with neither as null. */
export class CohortEligibilityDto implements CohortEligibility {
  @IsOptional() @StringList({ minItems: 0, ...E.colleges })
  colleges?: string[];

  @IsOptional() @IsArray() @ArrayMaxSize(E.enrollmentYears.maxItems) @ArrayUnique()
  @IsInt({ each: true }) @Min(E.enrollmentYears.min, { each: true }) @Max(E.enrollmentYears.max, { each: true })
  enrollmentYears?: number[];
}

export class CreateCohortDto implements CohortSettings {
  @IsString() @Length(1, L.name.maxLength) @PlainText()
  name: string;

  /** May be null: a cohort without a description. */
  @IsOptional() @LongText(L.description.maxLength, 0)
  description?: string;

  @OptionalNotNull() @IsInt() @Min(L.maxChoices.min) @Max(L.maxChoices.max)
  maxChoices?: number;

  @OptionalNotNull() @IsInt() @Min(L.responseWindowHours.min) @Max(L.responseWindowHours.max)
  responseWindowHours?: number;

  @OptionalNotNull() @IsBoolean()
  fillWithScores?: boolean;

  @OptionalNotNull() @IsBoolean()
  autoRounds?: boolean;

  @OptionalNotNull() @IsNumber() @Min(L.minScore.min) @Max(L.minScore.max)
  minScore?: number;

  /** May be null: the default weights. An object, never an array (ValidateNested would check each item of one). */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ScoringWeightsDto)
  weights?: ScoringWeightsDto;

  /** An instant (ISO 8601, e.g. `2027-03-01T23:59:00+08:00`); null: no deadline. */
  @IsOptional() @Type(() => Date) @IsDate()
  applicationDeadline?: Date | null;

  /** China dates of the programme; null: not set yet. */
  @CalendarDate()
  programStartsOn?: string | null;

  @CalendarDate()
  programEndsOn?: string | null;

  @OptionalNotNull() @IsInt() @Min(L.checkInEveryDays.min) @Max(L.checkInEveryDays.max)
  checkInEveryDays?: number;

  @OptionalNotNull() @IsInt() @Min(L.retainDays.min) @Max(L.retainDays.max)
  retainDays?: number;
  /** Who may apply as a student; null: everyone. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CohortEligibilityDto)
  eligibility?: CohortEligibilityDto | null;
}

/** Every setting optional; none may be null but the description, the weights and the eligibility (skipNullProperties: false). */
export class UpdateCohortDto extends PartialType(CreateCohortDto, { skipNullProperties: false }) {}
