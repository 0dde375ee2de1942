export * from './match-cards';
export * from './match-queries.service';
export * from './matches.service';
