import { AuditAction } from '@app/contracts';
import { SetMetadata } from '@nestjs/common';

export const AUDIT_METADATA = 'shiyou:audit';

export interface AuditMetadata {
  action: AuditAction;
  role?: 'mentor' | 'student';
}

/** Marks a staff write: once it succeeds, AuditInterceptor records it under `action` (DESIGN §10). */
export const Audit = (action: AuditAction, options: Omit<AuditMetadata, 'action'> = {}) => SetMetadata(AUDIT_METADATA, { action, ...options } satisfies AuditMetadata);
