import { ApplicantIdentity, ApplicantTokensService } from '@app/domain';
import { CanActivate, createParamDecorator, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Request } from 'express';
import { bearerToken } from './bearer';

type ApplicantRequest = Request & { applicant?: ApplicantIdentity };

/** `/api/me/*`: the applicant's personal access token authorises that applicant and nothing else. */
@Injectable()
export class ApplicantGuard implements CanActivate {
  constructor(private readonly tokens: ApplicantTokensService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ApplicantRequest>();
    const token = bearerToken(request);
    if (!token) throw new UnauthorizedException('Your personal access token is required (Authorization: Bearer <token>)');
    const applicant = await this.tokens.identify(token);
    if (!applicant) throw new UnauthorizedException('This personal link is not valid');
    request.applicant = applicant;
    return true;
  }
}

export const CurrentApplicant = createParamDecorator(
  (_: unknown, context: ExecutionContext): ApplicantIdentity => context.switchToHttp().getRequest<ApplicantRequest>().applicant!,
);
