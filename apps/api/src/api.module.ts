import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { AnnouncementsModule, ApplicationsModule, AuditModule, CertificatesModule, CohortsModule, IdentityModule, MatchesModule, MeModule, MemoryModule, NotificationsModule, PairsModule, PrivacyModule, ProgramReportModule, QUEUE, QueuesModule, ReportModule, RoundsModule, SelfServiceModule, StaffModule, SurveysModule } from '@app/domain';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { BullBoardModule } from '@bull-board/nestjs';
import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { AnnouncementsController } from './announcements/announcements.controller';
import { AuditController } from './audit/audit.controller';
import { AuditInterceptor } from './audit/audit.interceptor';
import { CohortCertificatesController, MeCertificateController, PublicCertificatesController } from './certificates/certificates.controller';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { AuthController } from './auth/auth.controller';
import { CoordinatorGuard } from './auth/coordinator.guard';
import { CohortsController } from './cohorts/cohorts.controller';
import { RequestLogMiddleware } from './common/request-log.middleware';
import { HealthController } from './health/health.controller';
import { MatchesController } from './matches/matches.controller';
import { MeController } from './me/me.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { PagesController } from './pages/pages.controller';
import { CheckInsController } from './pairs/check-ins.controller';
import { MePairsController } from './pairs/me-pairs.controller';
import { PairsController } from './pairs/pairs.controller';
import { PrivacyController } from './privacy/privacy.controller';
import { PublicController } from './public/public.controller';
import { ProgramController } from './program/program.controller';
import { ReportController } from './report/report.controller';
import { QueueDashboardAdapter } from './queue-dashboard.adapter';
import { QueueDashboardAuth } from './queue-dashboard.auth';
import { RoundsController } from './rounds/rounds.controller';
import { StaffController } from './staff/staff.controller';
import { MeSurveysController } from './surveys/me-surveys.controller';
import { SurveysController } from './surveys/surveys.controller';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    QueuesModule.forRoot({ failFast: true }),
    ApplicationsModule,
    AuditModule,
    CertificatesModule,
    CohortsModule,
    IdentityModule,
    MatchesModule,
    MeModule,
    MemoryModule,
    NotificationsModule,
    PairsModule,
    PrivacyModule,
    ProgramReportModule,
    ReportModule,
    RoundsModule,
    SelfServiceModule,
    StaffModule,
    SurveysModule,
    AnnouncementsModule,
    TerminusModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => [{ ttl: 60_000, limit: config.PUBLIC_POST_RATE_LIMIT }],
    }),
    BullBoardModule.forRoot({ route: '/admin/queues', adapter: QueueDashboardAdapter }),
    ...Object.values(QUEUE).map((name) => BullBoardModule.forFeature({ name, adapter: BullMQAdapter })),
  ],
  controllers: [
    PublicController, MeController, MePairsController, CheckInsController, CohortsController, RoundsController, MatchesController,
    PairsController, SurveysController, MeSurveysController, NotificationsController, HealthController, PagesController,
    MeCertificateController, CohortCertificatesController, PublicCertificatesController,
    ReportController,
    ProgramController,
    AnnouncementsController,
    AuditController,
    PrivacyController,
    AuthController, StaffController,
  ],
  providers: [CoordinatorGuard, QueueDashboardAuth, { provide: APP_FILTER, useClass: AllExceptionsFilter }, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
})
export class ApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestLogMiddleware).forRoutes('*path');
  }
}
