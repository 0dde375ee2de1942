import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/database/src/data-source';

const ROOT = join(__dirname, '..', '..');

/** DATABASE_URL and REDIS_URL from the environment, or from this checkout's private services (started if need be). */
export function serviceUrls(): { databaseUrl: string; redisUrl: string } {
  if (process.env.DATABASE_URL && process.env.REDIS_URL) return { databaseUrl: process.env.DATABASE_URL, redisUrl: process.env.REDIS_URL };
  const services = join(ROOT, 'scripts/services.sh');
  execFileSync('bash', [services, 'start'], { stdio: 'inherit' });
  const exported = execFileSync('bash', [services, 'env'], { encoding: 'utf8' });
  const value = (name: string) => new RegExp(`${name}='?([^'\\n]+)`).exec(exported)?.[1];
  const databaseUrl = value('DATABASE_URL');
  const redisUrl = value('REDIS_URL');
  if (!databaseUrl || !redisUrl) throw new Error('scripts/services.sh env printed no DATABASE_URL / REDIS_URL');
  return { databaseUrl, redisUrl };
}

export interface ScratchDatabase {
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

/** A fresh utf8mb4 database beside the one `baseUrl` names, with every migration applied. */
export async function createScratchDatabase(baseUrl: string, name: string): Promise<ScratchDatabase> {
  const database = name.replace(/\W/g, '_');
  const admin = new DataSource(dataSourceOptions(baseUrl));
  await admin.initialize();
  await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.destroy();
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  const dataSource = new DataSource(dataSourceOptions(url.toString()));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return {
    url: url.toString(),
    dataSource,
    drop: async () => {
      await dataSource.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await dataSource.destroy();
    },
  };
}
