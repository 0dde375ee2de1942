export * from './applications';
export * from './cohorts';
export * from './errors';
export * from './identity';
export * from './matches';
export * from './me';
export * from './notifications';
export * from './rounds';
