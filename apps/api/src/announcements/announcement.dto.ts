import { ANNOUNCEMENT_AUDIENCES, ANNOUNCEMENT_LIMITS as L, AnnouncementAudience, AnnouncementInput } from '@app/contracts';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { LongText, Text } from '../applications/application.dto';
import { EmptyAsUnset } from '../common/query-params';

/** One line in each language (it becomes the email's subject): 中文 required, English optional. */
export class AnnouncementSubjectDto {
  @Text(L.subject.maxLength)
  zh: string;

  @IsOptional() @Text(L.subject.maxLength)
  en?: string;
}

/** Paragraphs in each language: 中文 required, English optional. */
export class AnnouncementBodyDto {
  @LongText(L.body.maxLength)
  zh: string;

  @IsOptional() @LongText(L.body.maxLength)
  en?: string;
}

export class AnnouncementDto implements AnnouncementInput {
  @IsDefined() @ValidateNested() @Type(() => AnnouncementSubjectDto)
  subject: AnnouncementSubjectDto;

  @IsDefined() @ValidateNested() @Type(() => AnnouncementBodyDto)
  body: AnnouncementBodyDto;

  @IsIn(ANNOUNCEMENT_AUDIENCES)
  audience: AnnouncementAudience;
}

export class AnnouncementAudienceQuery {
  @EmptyAsUnset() @IsIn(ANNOUNCEMENT_AUDIENCES)
  audience: AnnouncementAudience;
}
