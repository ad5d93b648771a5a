import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@duban/config';
import { WorkerModule } from './worker.module';

/** The worker is an application context: no HTTP listener, only the Temporal worker and its activities. */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['log', 'warn', 'error'] });
  app.enableShutdownHooks();
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`duban worker: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
