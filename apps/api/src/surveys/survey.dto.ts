import { QUESTION_KINDS, QuestionKind, SURVEY_AUDIENCES, SURVEY_LIMITS as L, SurveyAnswer, SurveyAudience } from '@app/contracts';
import { CSV_LANGUAGES, CsvLanguage } from '@app/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDate, IsIn, IsObject, IsOptional, Matches, MaxLength, ValidateNested,
} from 'class-validator';
import { LongText } from '../applications/application.dto';
import { EmptyAsUnset } from '../common/query-params';

/** 中文 required, English optional (the pages fall back to Chinese). */
function surveyText(maxLength: number) {
  class SurveyTextDto {
    @LongText(maxLength)
    zh: string;

    @IsOptional() @LongText(maxLength, 0)
    en?: string;
  }
  return SurveyTextDto;
}

const QuestionText = surveyText(L.questionText.maxLength);
const OptionText = surveyText(L.optionText.maxLength);
const TitleText = surveyText(L.title.maxLength);

export class QuestionDto {
  @MaxLength(L.questionId.maxLength) @Matches(new RegExp(L.questionId.pattern), { message: 'id must be lower-case letters, digits, - or _' })
  id: string;

  @IsIn(QUESTION_KINDS)
  kind: QuestionKind;

  @ValidateNested() @Type(() => QuestionText)
  text: InstanceType<typeof QuestionText>;

  /** Only for `choice` (the domain checks which kinds may have them). */
  @IsOptional() @IsArray() @ArrayMaxSize(L.options.maxItems) @ValidateNested({ each: true }) @Type(() => OptionText)
  options?: Array<InstanceType<typeof OptionText>>;

  @IsBoolean()
  required: boolean;
}

export class SurveyDto {
  @ValidateNested() @Type(() => TitleText)
  title: InstanceType<typeof TitleText>;

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
