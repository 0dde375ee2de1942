export * from './me.module';
export * from './me.service';
