import { AppConfig } from '@app/config';
import { CohortScope, CoordinatorIdentity, CoordinatorsService } from '@app/domain';
import {
  CanActivate, createParamDecorator, ExecutionContext, ForbiddenException, Injectable, SetMetadata, UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { bearerToken } from './bearer';
import { isForeignWrite, sessionToken } from './session-cookie';

/** `request.coordinator`: the staff member calling (`id` null for the bootstrap COORDINATOR_TOKEN), with role and scope. */
export type CoordinatorRequest = Request & { coordinator?: CoordinatorIdentity };

const ADMIN_ONLY = 'staff:adminOnly';

/** A route (or every route of a controller) only admins may call: a coordinator gets 403. */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

/**
 * Staff routes. Who: the console's session cookie, or `Authorization: Bearer` with a personal API token or the
 * configured COORDINATOR_TOKEN (a bootstrap admin); a disabled member's are refused at once. A write made with the
 * cookie must come from the app's own origin. Then the role (`@AdminOnly()`), then the scope: every cohort or object
 * id the route names (and a `cohortId` query) must be of a cohort the caller runs, or the answer is 404 as for an id
 * that does not exist.
 */
@Injectable()
export class CoordinatorGuard implements CanActivate {
  constructor(
    private readonly coordinators: CoordinatorsService,
    private readonly scope: CohortScope,
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<CoordinatorRequest>();
    const coordinator = await this.authenticate(request);
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, [context.getHandler(), context.getClass()]) && coordinator.role !== 'admin') {
      throw new ForbiddenException('Only an admin may do this');
    }
    const query = typeof request.query.cohortId === 'string' ? { cohortId: request.query.cohortId } : {};
    await this.scope.check(coordinator, { ...query, ...request.params });
    request.coordinator = coordinator;
    return true;
  }

  private async authenticate(request: Request): Promise<CoordinatorIdentity> {
    const bearer = bearerToken(request);
    if (bearer) {
      const coordinator = await this.coordinators.identify(bearer);
      if (!coordinator) throw new UnauthorizedException('This token is not valid');
      return coordinator;
    }
    const session = sessionToken(request);
    if (!session) throw new UnauthorizedException('Sign in first (the session cookie), or send Authorization: Bearer <token>');
    const coordinator = await this.coordinators.identifySession(session);
    if (!coordinator) throw new UnauthorizedException('Your session has ended: sign in again');
    if (isForeignWrite(request, this.config.PUBLIC_URL)) throw new ForbiddenException('A write with the session cookie must come from the app itself (Origin)');
    return coordinator;
  }
}

export const CurrentCoordinator = createParamDecorator(
  (_: unknown, context: ExecutionContext): CoordinatorIdentity => context.switchToHttp().getRequest<CoordinatorRequest>().coordinator!,
);
