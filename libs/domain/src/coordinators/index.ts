export * from './coordinators.service';
