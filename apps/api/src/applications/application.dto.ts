import { APPLICATION_LIMITS as L, APPLICATION_STATUSES, ApplicationStatus, DECLINE_REASONS, DeclineReason, ListLimit, REVIEW_DECISIONS, ReviewDecisionValue, SubmittedApplication } from '@app/contracts';
import { CHOICES_REPEAT_MESSAGE, MentorApplicationInput, ReviewDecision, StudentApplicationInput } from '@app/domain';
import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, Equals, IsArray, IsEmail, IsIn, IsInt, IsOptional, IsString,
  Length, Matches, Max, MaxLength, Min,
} from 'class-validator';
import { EmptyAsUnset } from '../common/query-params';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimAll = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item.trim() : item)) : value);
const THIS_YEAR = new Date().getFullYear();

/** A required text field, trimmed, of 1 to `maxLength` characters. */
const Text = (maxLength: number) => applyDecorators(Transform(trim), IsString(), Length(1, maxLength));

/** A list of distinct trimmed strings within its limit. */
const StringList = ({ minItems, maxItems, itemMaxLength }: ListLimit) =>
  applyDecorators(Transform(trimAll), IsArray(), ArrayMinSize(minItems), ArrayMaxSize(maxItems), ArrayUnique(), IsString({ each: true }), Length(1, itemMaxLength, { each: true }));

/** Ranked mentor ids; the cohort's own maxChoices and the mentors' approval are checked by the domain. */
const Choices = () =>
  applyDecorators(IsArray(), ArrayMaxSize(L.choices.maxItems), ArrayUnique({ message: CHOICES_REPEAT_MESSAGE }), IsInt({ each: true }), Min(1, { each: true }));

const Email = () => applyDecorators(Transform(trim), IsEmail({}, { message: 'email must be a valid email address' }), MaxLength(L.email.maxLength));

const Consent = () => Equals(true, { message: 'consent must be true: we need your agreement to store and share your data for matching' });

export class MentorApplicationDto implements MentorApplicationInput {
  @Text(L.name.maxLength) name: string;
  @Email() email: string;

  @IsOptional() @Transform(trim) @IsString() @Matches(L.phone.pattern, { message: 'phone must be digits, spaces, dashes, optionally starting with +' })
  phone?: string | null;

  @IsInt() @Min(L.graduationYear.min) @Max(THIS_YEAR)
  graduationYear: number;

  @Text(L.shortText.maxLength) department: string;
  @Text(L.shortText.maxLength) major: string;
  @Text(L.shortText.maxLength) industry: string;
  @Text(L.organization.maxLength) organization: string;
  @Text(L.shortText.maxLength) title: string;
  @Text(L.shortText.maxLength) city: string;
  @StringList(L.topics) topics: string[];

  @IsInt() @Min(L.capacity.min) @Max(L.capacity.max)
  capacity: number;

  @IsString() @Length(1, L.longText.maxLength)
  bio: string;

  @IsOptional() @StringList(L.languages)
  languages?: string[];

  @Consent() consent: boolean;
}

export class StudentApplicationDto implements StudentApplicationInput {
  @Text(L.name.maxLength) name: string;
  @Email() email: string;

  @Transform(trim) @IsString() @Matches(L.studentNumber.pattern, { message: 'studentNumber must be 4–40 letters, digits or dashes' })
  studentNumber: string;

  @Text(L.shortText.maxLength) college: string;
  @Text(L.shortText.maxLength) major: string;

  @IsInt() @Min(L.enrollmentYear.min) @Max(THIS_YEAR + 1)
  enrollmentYear: number;

  @Text(L.shortText.maxLength) city: string;
  @StringList(L.topics) topics: string[];
  @StringList(L.industries) industries: string[];

  @IsString() @Length(1, L.longText.maxLength)
  statement: string;

  @Choices() choices: number[];
  @Consent() consent: boolean;
}

export class ChoicesDto {
  @Choices() choices: number[];
}

export class ReviewDto implements ReviewDecision {
  @IsArray() @ArrayMinSize(L.reviewIds.minItems) @ArrayMaxSize(L.reviewIds.maxItems) @IsInt({ each: true }) @Min(1, { each: true })
  ids: number[];

  @IsIn(REVIEW_DECISIONS)
  decision: ReviewDecisionValue;

  @IsOptional() @IsString() @MaxLength(L.note.maxLength)
  note?: string;
}

export class DeclineDto {
  @IsIn(DECLINE_REASONS)
  reason: DeclineReason;

  @IsOptional() @IsString() @MaxLength(L.note.maxLength)
  note?: string;
}

export class ApplicationStatusQuery {
  @EmptyAsUnset() @IsOptional() @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;
}

export class SubmittedApplicationDto implements SubmittedApplication {
  id: number;
  status: ApplicationStatus;
  /** Shown once: the personal access token. Only its hash is stored. */
  accessToken: string;
}
