export * from './check-ins.service';
export * from './pair-health';
export * from './pair-lifecycle.service';
export * from './pair-members.service';
export * from './pair-queries.service';
export * from './pairs.module';
