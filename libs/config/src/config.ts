import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/** Every setting Duban reads, with its default. The README's settings table mirrors this class. */
class Environment {
  @IsString() @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @IsString() @Matches(/^[^:\s]+:\d+$/, { message: 'TEMPORAL_ADDRESS must be host:port' })
  TEMPORAL_ADDRESS: string = '127.0.0.1:7233';

  @IsString() @MinLength(1)
  TEMPORAL_NAMESPACE: string = 'default';

  @IsString() @MinLength(1)
  TEMPORAL_TASK_QUEUE: string = 'duban-supervision';

  @IsOptional() @IsString()
  WORKFLOW_BUNDLE?: string;

  @IsInt() @Min(0) @Max(65535)
  API_PORT: number = 3000;

  @IsString()
  API_HOST: string = '127.0.0.1';

  @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET!: string;

  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' = 'info';
}

export interface DubanConfig {
  databaseUrl: string;
  temporal: { address: string; namespace: string; taskQueue: string; workflowBundle?: string };
  api: { port: number; host: string };
  jwtSecret: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export class ConfigError extends Error {}

/** Reads and validates the environment once, at start-up; a bad setting stops the process with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): DubanConfig {
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = plainToInstance(Environment, raw, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(parsed, { whitelist: false });
  if (errors.length > 0) {
    const lines = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `  ${e.property}: ${m}`));
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return {
    databaseUrl: parsed.DATABASE_URL,
    temporal: {
      address: parsed.TEMPORAL_ADDRESS,
      namespace: parsed.TEMPORAL_NAMESPACE,
      taskQueue: parsed.TEMPORAL_TASK_QUEUE,
      workflowBundle: parsed.WORKFLOW_BUNDLE,
    },
    api: { port: parsed.API_PORT, host: parsed.API_HOST },
    jwtSecret: parsed.JWT_SECRET,
    logLevel: parsed.LOG_LEVEL,
  };
}
