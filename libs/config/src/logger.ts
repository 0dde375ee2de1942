import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { AppConfig } from './app-config';

const ORDER: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Structured JSON logs, one object per line, for both apps. */
export function createLogger(config: AppConfig, context: string): ConsoleLogger {
  const levels = ORDER.slice(0, ORDER.indexOf(config.LOG_LEVEL) + 1);
  return new ConsoleLogger(context, { json: true, logLevels: levels, colors: false });
}
