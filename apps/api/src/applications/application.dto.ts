import { DECLINE_REASONS, DeclineReason } from '@app/database';
import { MentorApplicationInput, ReviewDecision, StudentApplicationInput } from '@app/domain';
import { Transform } from 'class-transformer';
import { EmptyAsUnset } from '../common/query-params';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, Equals, IsArray, IsEmail, IsIn, IsInt, IsOptional, IsString,
  Length, Matches, Max, MaxLength, Min,
} from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimAll = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item.trim() : item)) : value);
const THIS_YEAR = new Date().getFullYear();

export class MentorApplicationDto implements MentorApplicationInput {
  @Transform(trim) @IsString() @Length(1, 100)
  name: string;

  @Transform(trim) @IsEmail({}, { message: 'email must be a valid email address' }) @MaxLength(254)
  email: string;

  @IsOptional() @Transform(trim) @IsString() @Matches(/^[+\d][\d\s-]{4,39}$/, { message: 'phone must be digits, spaces, dashes, optionally starting with +' })
  phone?: string | null;

  @IsInt() @Min(1950) @Max(THIS_YEAR)
  graduationYear: number;

  @Transform(trim) @IsString() @Length(1, 100)
  department: string;

  @Transform(trim) @IsString() @Length(1, 100)
  major: string;

  @Transform(trim) @IsString() @Length(1, 100)
  industry: string;

  @Transform(trim) @IsString() @Length(1, 200)
  organization: string;

  @Transform(trim) @IsString() @Length(1, 100)
  title: string;

  @Transform(trim) @IsString() @Length(1, 100)
  city: string;

  @Transform(trimAll) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @ArrayUnique() @IsString({ each: true }) @Length(1, 40, { each: true })
  topics: string[];

  @IsInt() @Min(1) @Max(5)
  capacity: number;

  @IsString() @Length(1, 2000)
  bio: string;

  @Transform(trimAll) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @ArrayUnique() @IsString({ each: true }) @Length(1, 40, { each: true })
  languages: string[];

  @Equals(true, { message: 'consent must be true: we need your agreement to store and share your data for matching' })
  consent: boolean;
}

export class StudentApplicationDto implements StudentApplicationInput {
  @Transform(trim) @IsString() @Length(1, 100)
  name: string;

  @Transform(trim) @IsEmail({}, { message: 'email must be a valid email address' }) @MaxLength(254)
  email: string;

  @Transform(trim) @IsString() @Matches(/^[A-Za-z0-9-]{4,40}$/, { message: 'studentNumber must be 4–40 letters, digits or dashes' })
  studentNumber: string;

  @Transform(trim) @IsString() @Length(1, 100)
  college: string;

  @Transform(trim) @IsString() @Length(1, 100)
  major: string;

  @IsInt() @Min(1990) @Max(THIS_YEAR + 1)
  enrollmentYear: number;

  @Transform(trim) @IsString() @Length(1, 100)
  city: string;

  @Transform(trimAll) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @ArrayUnique() @IsString({ each: true }) @Length(1, 40, { each: true })
  topics: string[];

  @Transform(trimAll) @IsArray() @ArrayMaxSize(10) @ArrayUnique() @IsString({ each: true }) @Length(1, 100, { each: true })
  industries: string[];

  @IsString() @Length(1, 2000)
  statement: string;

  @IsArray() @ArrayMaxSize(10) @ArrayUnique({ message: 'choices must not repeat a mentor' }) @IsInt({ each: true }) @Min(1, { each: true })
  choices: number[];

  @Equals(true, { message: 'consent must be true: we need your agreement to store and share your data for matching' })
  consent: boolean;
}

export class ChoicesDto {
  @IsArray() @ArrayMaxSize(10) @ArrayUnique({ message: 'choices must not repeat a mentor' }) @IsInt({ each: true }) @Min(1, { each: true })
  choices: number[];
}

export class ReviewDto implements ReviewDecision {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @IsInt({ each: true }) @Min(1, { each: true })
  ids: number[];

  @IsIn(['approved', 'rejected'])
  decision: 'approved' | 'rejected';

  @IsOptional() @IsString() @MaxLength(1000)
  note?: string;
}

export class DeclineDto {
  @IsIn(DECLINE_REASONS)
  reason: DeclineReason;

  @IsOptional() @IsString() @MaxLength(1000)
  note?: string;
}

export class ApplicationStatusQuery {
  @EmptyAsUnset() @IsOptional() @IsIn(['submitted', 'approved', 'rejected', 'withdrawn'])
  status?: 'submitted' | 'approved' | 'rejected' | 'withdrawn';
}

export class SubmittedApplicationDto {
  id: number;
  status: string;
  /** Shown once: the personal access token. Only its hash is stored. */
  accessToken: string;
}

