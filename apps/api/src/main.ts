import 'reflect-metadata';
import { configOrExit, createLogger } from '@app/config';
import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, NextFunction, Request, Response, urlencoded } from 'express';
import helmet from 'helmet';
import { ApiModule } from './api.module';
import { PUBLIC_DIR } from './pages/public-dir';
import { QueueDashboardAuth } from './queue-dashboard.auth';

/** Flattens nested validation errors into messages that each name their field path. */
export function validationMessages(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => (parent ? `${path}: ${message}` : message));
    return [...own, ...validationMessages(error.children ?? [], path)];
  });
}

export async function createApi() {
  const config = configOrExit();
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, {
    bodyParser: false,
    logger: createLogger(config, 'api'),
  });
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(json({ limit: '100kb' }), urlencoded({ extended: false, limit: '100kb' }));
  const strict = helmet({
    contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] } },
  });
  // The OpenAPI UI and the queue dashboard ship inline scripts; they get every header but the script policy.
  const relaxed = helmet({ contentSecurityPolicy: false });
  app.use((request: Request, response: Response, next: NextFunction) =>
    (/^\/(docs|admin\/queues)/.test(request.path) ? relaxed : strict)(request, response, next),
  );
  // Registered before Nest mounts the dashboard's router (global modules' middleware would run first).
  const dashboardAuth = app.get(QueueDashboardAuth);
  app.use('/admin/queues', (request: Request, response: Response, next: NextFunction) => {
    dashboardAuth.use(request, response, next).catch(next);
  });
  app.useStaticAssets(PUBLIC_DIR, { prefix: '/assets/', index: false, maxAge: '1h' });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      exceptionFactory: (errors) => new BadRequestException(validationMessages(errors)),
    }),
  );
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('师友 Match API')
      .setDescription('Mentorship-program matching: cohorts, applications, matching rounds and proposals.')
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  app.enableShutdownHooks();
  return { app, config };
}

async function main() {
  const { app, config } = await createApi();
  await app.listen(config.PORT, config.HOST);
  createLogger(config, 'api').log({ message: 'API listening', url: `http://${config.HOST}:${config.PORT}`, publicUrl: config.PUBLIC_URL });
}

if (require.main === module) void main();
