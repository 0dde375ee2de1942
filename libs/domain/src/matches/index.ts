export * from './capacity';
export * from './match-queries.service';
export * from './matches.module';
export * from './matches.service';
export * from './match-csv';
