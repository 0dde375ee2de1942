export * from './auto-rounds.service';
export * from './round-requests.service';
export * from './round-runner.service';
export * from './rounds.module';
