import { CoordinatorIdentity, CoordinatorsService } from '@app/domain';
import { CanActivate, createParamDecorator, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Request } from 'express';
import { bearerToken } from './bearer';

type CoordinatorRequest = Request & { coordinator?: CoordinatorIdentity };

/** Coordinator routes: `Authorization: Bearer <coordinator token>`, or the configured COORDINATOR_TOKEN. */
@Injectable()
export class CoordinatorGuard implements CanActivate {
  constructor(private readonly coordinators: CoordinatorsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<CoordinatorRequest>();
    const token = bearerToken(request);
    if (!token) throw new UnauthorizedException('A coordinator token is required (Authorization: Bearer <token>)');
    const coordinator = await this.coordinators.identify(token);
    if (!coordinator) throw new UnauthorizedException('This coordinator token is not valid');
    request.coordinator = coordinator;
    return true;
  }
}

export const CurrentCoordinator = createParamDecorator(
  (_: unknown, context: ExecutionContext): CoordinatorIdentity => context.switchToHttp().getRequest<CoordinatorRequest>().coordinator!,
);
