import { QUESTION_KINDS, QuestionKind, SURVEY_AUDIENCES, SURVEY_LIMITS as L, SurveyAnswer, SurveyAudience } from '@app/contracts';
import { CSV_LANGUAGES, CsvLanguage } from '@app/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDate, IsIn, IsObject, IsOptional, Matches, MaxLength, ValidateNested,
} from 'class-validator';
import { LongText } from '../applications/application.dto';
import { EmptyAsUnset } from '../common/query-params';

/** 中文 required, English optional (the pages fall back to Chinese). Classes of their own: the Swagger plugin names each. */
export class QuestionTextDto {
  @LongText(L.questionText.maxLength)
  zh: string;

  @IsOptional() @LongText(L.questionText.maxLength, 0)
  en?: string;
}

export class OptionTextDto {
  @LongText(L.optionText.maxLength)
  zh: string;

  @IsOptional() @LongText(L.optionText.maxLength, 0)
  en?: string;
}

export class TitleTextDto {
  @LongText(L.title.maxLength)
  zh: string;

  @IsOptional() @LongText(L.title.maxLength, 0)
  en?: string;
}

export class QuestionDto {
  @MaxLength(L.questionId.maxLength) @Matches(new RegExp(L.questionId.pattern), { message: 'id must be lower-case letters, digits, - or _' })
  id: string;

  @IsIn(QUESTION_KINDS)
  kind: QuestionKind;

  @ValidateNested() @Type(() => QuestionTextDto)
  text: QuestionTextDto;

  /** Only for `choice` (the domain checks which kinds may have them). */
  @IsOptional() @IsArray() @ArrayMaxSize(L.options.maxItems) @ValidateNested({ each: true }) @Type(() => OptionTextDto)
  options?: OptionTextDto[];

  @IsBoolean()
  required: boolean;
}

export class SurveyDto {
  @ValidateNested() @Type(() => TitleTextDto)
  title: TitleTextDto;

  @IsIn(SURVEY_AUDIENCES)
  audience: SurveyAudience;

  /** An instant (ISO 8601, e.g. `2027-06-30T23:59:00+08:00`), in the future. */
  @Type(() => Date) @IsDate()
  closesAt: Date;

  @IsArray() @ArrayMinSize(L.questions.minItems) @ArrayMaxSize(L.questions.maxItems) @ValidateNested({ each: true }) @Type(() => QuestionDto)
  questions: QuestionDto[];
}

/** Each answer is checked against its question by the domain (kind, range, required). */
export class SurveyResponseDto {
  @IsObject()
  answers: Record<string, SurveyAnswer>;

  @IsOptional() @IsBoolean()
  shareName?: boolean;
}

export class SurveyExportQuery {
  @EmptyAsUnset() @IsOptional() @IsIn(CSV_LANGUAGES)
  lang?: CsvLanguage;
}
