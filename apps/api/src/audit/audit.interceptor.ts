import { AuditService, CoordinatorIdentity } from '@app/domain';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { concatMap, Observable } from 'rxjs';
import { AUDIT_METADATA, AuditMetadata } from './audit.decorator';

/**
 * Records each `@Audit` route's write after its domain call succeeded, before the answer leaves, so the entry is
 * there once the caller has its answer. A write that failed (any exception) records nothing. The entry is taken
 * after the write's own transaction committed: if storing it fails, AuditService logs the whole entry at error
 * level and the answer still goes out (see there, and README "Audit").
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const metadata = this.reflector.get<AuditMetadata | undefined>(AUDIT_METADATA, context.getHandler());
    if (!metadata) return next.handle();
    const request = context.switchToHttp().getRequest<Request & { coordinator?: CoordinatorIdentity }>();
    return next.handle().pipe(concatMap(async (result: unknown) => {
      const actor = request.coordinator ?? { id: null, name: 'unknown' };
      await this.audit.record({ id: actor.id, name: actor.name }, metadata.action, { params: request.params as Record<string, string>, body: request.body, result, role: metadata.role });
      return result;
    }));
  }
}
