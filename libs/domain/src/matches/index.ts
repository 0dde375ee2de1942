export * from './capacity';
export * from './match-queries.service';
export * from './matches.module';
export * from './matches.service';
export { matchesCsv } from './match-csv';
