import { APPLICATION_LIMITS as L, APPLICATION_STATUSES, ApplicationStatus, CONSENT_VERSIONS, ConsentVersion, DECLINE_REASONS, DeclineReason, ListLimit, REVIEW_DECISIONS, ReviewDecisionValue, SubmittedApplication } from '@app/contracts';
import { CHOICES_REPEAT_MESSAGE, MentorApplicationInput, ReviewDecision, StudentApplicationInput } from '@app/domain';
import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, buildMessage, Equals, IsArray, IsEmail, IsIn, IsInt, IsOptional, IsString,
  Length, Matches, Max, MaxLength, Min, ValidateBy, ValidationOptions,
} from 'class-validator';
import { EmptyAsUnset } from '../common/query-params';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimAll = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item.trim() : item)) : value);
/** Windows line ends become \n, so a multi-line field need accept no carriage return. */
const unixLines = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\r\n/g, '\n') : value);
const THIS_YEAR = new Date().getFullYear();

/**
 * Characters no text field stores: C0 controls, DEL and C1 controls, the bidi embeddings and overrides
 * (U+202A–U+202E) and isolates (U+2066–U+2069), which would reorder what a coordinator reads. One-line fields
 * also refuse every line break (CR, LF, U+2028, U+2029) and tabs; multi-line ones allow \n and \t.
 */
const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const NOT_MULTI_LINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** The one rule of which characters a text field holds; its 400s carry the rule `characters`. */
export const PlainText = ({ multiLine = false }: { multiLine?: boolean } = {}, options?: ValidationOptions) =>
  ValidateBy({
    name: 'characters',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !(multiLine ? NOT_MULTI_LINE : NOT_ONE_LINE).test(value),
      defaultMessage: buildMessage(
        (each) => `${each}$property must not contain ${multiLine ? 'control characters other than line breaks and tabs' : 'line breaks, tabs, control characters'} or bidirectional-override characters`,
        options,
      ),
    },
  }, options);

/** A required text field, trimmed, on one line, of 1 to `maxLength` characters. */
export const Text = (maxLength: number) => applyDecorators(Transform(trim), IsString(), Length(1, maxLength), PlainText());

/** A multi-line text (a bio, a statement, a note) of up to `maxLength` characters; `minLength` 0 lets it be empty. */
export const LongText = (maxLength: number, minLength = 1) =>
  applyDecorators(Transform(unixLines), IsString(), Length(minLength, maxLength), PlainText({ multiLine: true }));

/** A list of distinct trimmed one-line strings within its limit. */
export const StringList = ({ minItems, maxItems, itemMaxLength }: ListLimit) =>
  applyDecorators(
    Transform(trimAll), IsArray(), ArrayMinSize(minItems), ArrayMaxSize(maxItems), ArrayUnique(), IsString({ each: true }),
    Length(1, itemMaxLength, { each: true }), PlainText({}, { each: true }),
  );

/** Ranked mentor ids; the cohort's own maxChoices and the mentors' approval are checked by the domain. */
const Choices = () =>
  applyDecorators(IsArray(), ArrayMaxSize(L.choices.maxItems), ArrayUnique({ message: CHOICES_REPEAT_MESSAGE }), IsInt({ each: true }), Min(1, { each: true }));

// The validator accepts bidi overrides in a local part; PlainText does not.
export const Email = () => applyDecorators(Transform(trim), IsEmail({}, { message: 'email must be a valid email address' }), MaxLength(L.email.maxLength), PlainText());

const Consent = () => Equals(true, { message: 'consent must be true: we need your agreement to store and share your data for matching' });
/** DESIGN §10: the version of the consent text the form showed (libs/contracts/src/privacy.ts). */
const ConsentVersionOf = () => IsIn(CONSENT_VERSIONS, { message: `consentVersion must be one of the consent texts' versions: ${CONSENT_VERSIONS.join(', ')}` });

export class MentorApplicationDto implements MentorApplicationInput {
  @Text(L.name.maxLength) name: string;
  @Email() email: string;

  @IsOptional() @Transform(trim) @IsString() @Matches(L.phone.pattern, { message: 'phone must be digits, spaces, dashes, optionally starting with +' }) @PlainText()
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

  @LongText(L.longText.maxLength)
  bio: string;

  @IsOptional() @StringList(L.languages)
  languages?: string[];

  @Consent() consent: boolean;
  @ConsentVersionOf() consentVersion: ConsentVersion;
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

  @LongText(L.longText.maxLength)
  statement: string;

  @Choices() choices: number[];
  @Consent() consent: boolean;
  @ConsentVersionOf() consentVersion: ConsentVersion;
}

export class ChoicesDto {
  @Choices() choices: number[];
}

export class ReviewDto implements ReviewDecision {
  @IsArray() @ArrayMinSize(L.reviewIds.minItems) @ArrayMaxSize(L.reviewIds.maxItems) @IsInt({ each: true }) @Min(1, { each: true })
  ids: number[];

  @IsIn(REVIEW_DECISIONS)
  decision: ReviewDecisionValue;

  @IsOptional() @LongText(L.note.maxLength, 0)
  note?: string;
}

export class DeclineDto {
  @IsIn(DECLINE_REASONS)
  reason: DeclineReason;

  @IsOptional() @LongText(L.note.maxLength, 0)
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
