export * from './rounds.service';
