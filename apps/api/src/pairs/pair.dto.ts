import { CHECK_IN_ANSWERS, CheckInAnswer, END_REASONS, EndReason, MEETING_MODES, MeetingMode, PAIR_HEALTHS, PAIR_LIMITS as L, PairHealth } from '@app/contracts';
import { CSV_LANGUAGES, CsvLanguage } from '@app/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { LongText, Text } from '../applications/application.dto';
import { EmptyAsUnset } from '../common/query-params';

export class GoalDto {
  @Text(L.goalText.maxLength)
  text: string;

  @IsBoolean()
  done: boolean;
}

export class GoalsDto {
  @IsArray() @ArrayMaxSize(L.goals.maxItems) @ValidateNested({ each: true }) @Type(() => GoalDto)
  goals: GoalDto[];
}

/** The day's bounds (not in the future, not before the pair began) need the pair: the domain checks them. */
export class MeetingDto {
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'heldOn must be a date as YYYY-MM-DD' })
  heldOn: string;

  @IsInt() @Min(L.minutes.min) @Max(L.minutes.max)
  minutes: number;

  @IsIn(MEETING_MODES)
  mode: MeetingMode;

  @IsOptional() @LongText(L.summary.maxLength, 0)
  summary?: string;
}

export class EndPairDto {
  @IsIn(END_REASONS)
  reason: EndReason;

  @IsOptional() @LongText(L.note.maxLength, 0)
  note?: string;
}

export class CheckInAnswerDto {
  @IsIn(CHECK_IN_ANSWERS)
  answer: CheckInAnswer;

  @IsOptional() @LongText(L.note.maxLength, 0)
  note?: string;
}

export class PairHealthQuery {
  @EmptyAsUnset() @IsOptional() @IsIn(PAIR_HEALTHS)
  health?: PairHealth;
}

export class PairExportQuery {
  /** The language of the export's headers and words; Chinese unless asked. */
  @EmptyAsUnset() @IsOptional() @IsIn(CSV_LANGUAGES)
  lang?: CsvLanguage;
}
