import { STAFF_LIMITS } from '@app/contracts';
import { Transform } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';
import { Email, PlainText } from '../applications/application.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SignInDto {
  @Email() email: string;
}

export class SessionDto {
  /** The token of the sign-in link (`/admin/sign-in#token=…`). */
  @IsString() @Matches(/^[\w-]{1,200}$/, { message: 'token must be the token of a sign-in link' }) token: string;
}

export class PersonalTokenDto {
  /** What the token is for (a script's name), shown in the list. */
  @Transform(trim) @IsString() @Length(1, STAFF_LIMITS.tokenLabel.maxLength) @PlainText() label: string;
}
