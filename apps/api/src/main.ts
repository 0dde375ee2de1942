import 'reflect-metadata';
import { configOrExit, createLogger } from '@app/config';
import compression from 'compression';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, NextFunction, Request, Response, urlencoded } from 'express';
import helmet from 'helmet';
import { constants as zlibConstants } from 'node:zlib';
import { ApiModule } from './api.module';
import { bodyGuard } from './common/body-guard';
import { ApiValidationPipe } from './common/validation';
import { APP_ASSETS_DIR } from './pages/app-shell';
import { QueueDashboardAuth } from './queue-dashboard.auth';

export async function createApi() {
  const config = configOrExit();
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, {
    bodyParser: false,
    logger: createLogger(config, 'api'),
  });
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  // Personal data and tokens travel in these responses (errors too): no browser or proxy may keep a copy.
  app.use(['/api', '/docs-json', '/admin/queues/api'], (_request: Request, response: Response, next: NextFunction) => {
    response.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Over plain HTTP, upgrade-insecure-requests would send every asset to an https:// nobody serves, and HSTS means nothing.
  const https = new URL(config.PUBLIC_URL).protocol === 'https:';
  const strict = helmet({
    strictTransportSecurity: https,
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'],
        // helmet's default also allows fonts from any https host; the pages' fonts are this host's or embedded.
        'font-src': ["'self'", 'data:'],
        'upgrade-insecure-requests': https ? [] : null,
      },
    },
  });
  // The OpenAPI UI and the queue dashboard ship inline scripts; they get every header but the script policy.
  const relaxed = helmet({ strictTransportSecurity: https, contentSecurityPolicy: false });
  app.use((request: Request, response: Response, next: NextFunction) =>
    (/^\/(docs|admin\/queues)/.test(request.path) ? relaxed : strict)(request, response, next),
  );
  // The guard refuses, before routing, guards and validation, what no DTO could accept (see body-guard.ts).
  app.use(json({ limit: '100kb' }), urlencoded({ extended: false, limit: '100kb' }), bodyGuard);
  // Registered before Nest mounts the dashboard's router (global modules' middleware would run first).
  const dashboardAuth = app.get(QueueDashboardAuth);
  app.use('/admin/queues', (request: Request, response: Response, next: NextFunction) => {
    dashboardAuth.use(request, response, next).catch(next);
  });
  // Static files only (the app's and the dashboard's), gzip or brotli as the browser asks: API answers carry tokens and
  // personal data beside what the request sent, which compressed together could be guessed at over TLS (BREACH).
  // Brotli at quality 5: about 7 % smaller than gzip for the app's JS at the same CPU (the default 4 is no smaller).
  app.use(['/assets', '/admin/queues/static'], compression({ brotli: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } } }));
  // Vite names every asset by its content hash: a browser may keep each one for good.
  app.useStaticAssets(APP_ASSETS_DIR, { prefix: '/assets/', index: false, immutable: true, maxAge: '365d' });
  app.useGlobalPipes(new ApiValidationPipe());
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
