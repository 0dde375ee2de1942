import { plainToInstance, Transform } from 'class-transformer';
import { getMetadataStorage, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/**
 * Every environment variable the apps read, validated once at boot.
 * Nothing outside this library touches process.env.
 */
export class AppConfig {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Interface the API listens on; 0.0.0.0 inside a container. */
  @IsString()
  HOST = '127.0.0.1';

  @IsString()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL = 'http://localhost:3000';

  @IsString()
  @Matches(/^(mysql|mariadb):\/\/[^\s]+$/, { message: 'DATABASE_URL must look like mysql://user:pass@host:port/db' })
  DATABASE_URL: string;

  @IsString()
  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'REDIS_URL must look like redis://host:port' })
  REDIS_URL: string;

  /** Prefix of every BullMQ key: lets several deployments (or test suites) share one Redis. */
  @IsString()
  @Matches(/^[A-Za-z0-9_:-]+$/, { message: 'QUEUE_PREFIX may only hold letters, digits, _ : -' })
  QUEUE_PREFIX = 'shiyou';

  @IsOptional()
  @IsString()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must look like smtp://user:pass@host:port' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = '师友计划 Mentorship <no-reply@shiyou.local>';

  /** Coordinator notification address for round summaries. */
  @IsOptional()
  @IsString()
  COORDINATOR_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'COORDINATOR_TOKEN must be at least 16 characters' })
  COORDINATOR_TOKEN?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  MAIL_RATE_PER_SECOND = 200;

  @Transform(toInt)
  @IsInt()
  @Min(200)
  OUTBOX_RELAY_INTERVAL_MS = 5000;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  OFFER_SWEEP_INTERVAL_MS = 60000;

  /** How often the retention job looks for archived cohorts past their `retainDays` (DESIGN §10): daily. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  RETENTION_INTERVAL_MS = 86_400_000;

  /**
   * The length of one day of the check-in schedule and of pair health (DESIGN §7): a real day in production; tests
   * and demos shorten it so a cohort's `checkInEveryDays` passes in seconds.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  CHECK_IN_DAY_MS = 86_400_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  PUBLIC_POST_RATE_LIMIT = 30;

  /**
   * The CJK font embedded (as a subset) in certificate PDFs: Debian's fonts-wqy-microhei by default, which
   * scripts/system-packages.sh installs. The API reads it at boot and refuses to start without it.
   */
  @IsString()
  CERTIFICATE_FONT_PATH = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

  /** The face to take when CERTIFICATE_FONT_PATH is a collection (.ttc): its PostScript name, not its family name. */
  @IsString()
  CERTIFICATE_FONT_FACE = 'WenQuanYiMicroHei';

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
}

export class ConfigValidationError extends Error {}

/**
 * Every variable the class declares a rule for, read from the validator's metadata: a new variable, required
 * or optional, is read from the environment as soon as it has a decorator.
 */
export function configuredNames(): string[] {
  const names = getMetadataStorage().getTargetValidationMetadatas(AppConfig, '', true, false).map((meta) => meta.propertyName);
  return [...new Set(names)];
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = configuredNames();
  const picked = Object.fromEntries(known.filter((key) => env[key] !== undefined && env[key] !== '').map((key) => [key, env[key]]));
  const config = plainToInstance(AppConfig, picked, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true });
  if (errors.length > 0) {
    const lines = errors.flatMap((error) =>
      Object.values(error.constraints ?? {}).map((message) =>
        error.value === undefined ? `${error.property} is required (${message})` : message,
      ),
    );
    throw new ConfigValidationError(`Invalid configuration:\n  - ${lines.join('\n  - ')}`);
  }
  return config;
}
