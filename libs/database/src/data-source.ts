import { DataSourceOptions } from 'typeorm';
import {
  Announcement, AnnouncementRecipient,
  ApplicantToken, Certificate, CheckInRow, CheckInToken, Cohort, Match, MatchEvent, MentorApplication, Notification,
  OutboxMessage, PairGoalRow, PairMeetingRow, Round, RoundAssignment, RoundInstance, StudentApplication, StudentChoice,
  Survey, SurveyInvitation, SurveyResponse,
  ApplicationEdit, AuditEntry, LinkRequest, Staff, StaffCohort, StaffSession, StaffSignInLink, StaffToken,
} from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming.strategy';

export const ENTITIES = [
  Announcement, AnnouncementRecipient,
  ApplicantToken, Certificate, CheckInRow, CheckInToken, Cohort, Match, MatchEvent, MentorApplication, Notification,
  OutboxMessage, PairGoalRow, PairMeetingRow, Round, RoundAssignment, RoundInstance, StudentApplication, StudentChoice,
  Survey, SurveyInvitation, SurveyResponse,
  ApplicationEdit, AuditEntry, LinkRequest, Staff, StaffCohort, StaffSession, StaffSignInLink, StaffToken,
];

/** One place that turns DATABASE_URL into TypeORM options; synchronize is never on, migrations only. */
export function dataSourceOptions(databaseUrl: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'mysql',
    url: databaseUrl.replace(/^mariadb:/, 'mysql:'),
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    // trace: mysql2 captures a stack for every query in case it fails (4 % of a submission's CPU, bench:submissions);
    // TypeORM reports a failure as a QueryFailedError with a stack of its own.
    extra: { connectionLimit: 20, decimalNumbers: true, trace: false },
    ...overrides,
  } as DataSourceOptions;
}
