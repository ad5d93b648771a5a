import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { DubanConfig } from '@duban/config';
import { AppModule } from './app.module';
import { auditOrigin } from './common/audit-origin';
import { ErrorFilter } from './common/error.filter';
import { HttpMetrics } from './common/http-metrics';
import { requestLogger } from './common/request-logger';
import { securityHeaders } from './common/security-headers';
import { validationPipe } from './common/validation';
import { mountWebConsole } from './console/web-console';

/** Builds the HTTP app; main.ts listens, tests may listen on a port of their own. */
export async function createApi(config: DubanConfig): Promise<NestExpressApplication> {
  // One JSON object per line, like the request log, so the office's log shipper reads both.
  const logger = new ConsoleLogger('Duban', { json: true, logLevels: ['log', 'warn', 'error'] });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger, bodyParser: false });
  // Sessions and audit (issue 12): the client address behind TRUST_PROXY_HOPS proxies, recorded by every audit row.
  app.set('trust proxy', config.auth.trustProxyHops);
  app.use(auditOrigin);
  app.use(...securityHeaders());
  app.use(requestLogger(config.logLevel));
  app.use(app.get(HttpMetrics).middleware);
  app.useBodyParser('json', { limit: '6mb' });
  app.useGlobalPipes(validationPipe);
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  // The API's map is for developers and integrators; a production deployment publishes it only when API_DOCS=true.
  if (config.apiDocs) {
    const openApi = new DocumentBuilder().setTitle('Duban 督办 API').setVersion('0.1.0').addBearerAuth().build();
    SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'docs/openapi.json' });
  }
  // Web console (issue 7): apps/web/dist at /console/, and / redirects there. Nothing else of the API changes.
  mountWebConsole(app);
  return app;
}
