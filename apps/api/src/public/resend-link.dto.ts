import { Email } from '../applications/application.dto';

export class ResendLinkDto {
  /** The address the application was made with (compared without case). */
  @Email() email: string;
}
