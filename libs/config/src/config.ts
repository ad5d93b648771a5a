import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import ipaddr from 'ipaddr.js';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/** Every setting Duban reads, with its default. The README's settings table mirrors this class. */
class Environment {
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @IsString()
  @Matches(/^[^:\s]+:\d+$/, { message: 'TEMPORAL_ADDRESS must be host:port' })
  TEMPORAL_ADDRESS: string = '127.0.0.1:7233';

  @IsString()
  @MinLength(1)
  TEMPORAL_NAMESPACE: string = 'default';

  @IsString()
  @MinLength(1)
  TEMPORAL_TASK_QUEUE: string = 'duban-supervision';

  @IsOptional()
  @IsString()
  WORKFLOW_BUNDLE?: string;

  // TLS to the Temporal frontend (issue 16): a client certificate and key for mTLS, the CA that signed the server's.
  @IsOptional()
  @IsString()
  TEMPORAL_TLS_CERT?: string;

  @IsOptional()
  @IsString()
  TEMPORAL_TLS_KEY?: string;

  @IsOptional()
  @IsString()
  TEMPORAL_TLS_CA?: string;

  @IsOptional()
  @IsString()
  TEMPORAL_TLS_SERVER_NAME?: string;

  /** Worker versioning: this release's Worker Deployment and build id (both or neither; docs/deploy.md). */
  @IsOptional()
  @IsString()
  @Matches(/^[\w.-]{1,100}$/, { message: 'TEMPORAL_DEPLOYMENT_NAME must be 1 to 100 letters, digits, ".", "_" or "-"' })
  TEMPORAL_DEPLOYMENT_NAME?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[\w.+-]{1,100}$/, { message: 'TEMPORAL_BUILD_ID must be 1 to 100 letters, digits, ".", "+", "_" or "-"' })
  TEMPORAL_BUILD_ID?: string;

  /** Temporal Cloud's API key (sent as a bearer token, over TLS). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  TEMPORAL_API_KEY?: string;

  @IsInt()
  @Min(0)
  @Max(65535)
  API_PORT: number = 3000;

  @IsString()
  API_HOST: string = '127.0.0.1';

  /** A request an API instance left in progress when it died is taken over by a retry after this long. */
  @IsInt()
  @Min(1)
  @Max(86_400)
  IDEMPOTENCY_TAKEOVER_SECONDS: number = 300;

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET!: string;

  /** A JSON file of holidays and make-up working days laid over the chinese-days package (libs/calendar). */
  @IsOptional()
  @IsString()
  @Matches(/\.json$/, { message: 'DUBAN_CALENDAR_ADJUSTMENTS must name a .json file' })
  DUBAN_CALENDAR_ADJUSTMENTS?: string;

  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' = 'info';

  // Notification delivery (issue 6).
  @IsOptional()
  @IsString()
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  @MinLength(3)
  SMTP_FROM: string = 'Duban <duban@localhost>';

  @IsString()
  @Matches(/^https?:\/\//, { message: 'CONSOLE_URL must be an http(s):// URL' })
  CONSOLE_URL: string = 'http://127.0.0.1:3000';

  @IsIn(['zh-CN', 'en'])
  NOTIFY_LOCALE: 'zh-CN' | 'en' = 'zh-CN';

  @IsIn(['true', 'false'])
  DELIVERY_ENABLED: string = 'true';

  @IsInt()
  @Min(10)
  @Max(3_600_000)
  DELIVERY_POLL_MS: number = 2000;

  @IsInt()
  @Min(1)
  @Max(1000)
  DELIVERY_BATCH: number = 50;

  @IsInt()
  @Min(10)
  @Max(86_400_000)
  DELIVERY_BACKOFF_MS: number = 30_000;

  @IsInt()
  @Min(10)
  @Max(86_400_000)
  DELIVERY_BACKOFF_MAX_MS: number = 3_600_000;

  @IsInt()
  @Min(1)
  @Max(100)
  DELIVERY_MAX_ATTEMPTS: number = 10;

  @IsInt()
  @Min(100)
  @Max(86_400_000)
  DELIVERY_LEASE_MS: number = 300_000;

  @IsInt()
  @Min(100)
  @Max(600_000)
  DELIVERY_TIMEOUT_MS: number = 20_000;

  @IsIn(['true', 'false'])
  DELIVERY_QUIET_HOURS: string = 'true';

  @IsString()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, { message: 'WORKING_HOURS must be HH:MM-HH:MM' })
  WORKING_HOURS: string = '09:00-18:00';

  // Security (issue 12).
  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  /** The OpenAPI document and its UI at /docs; off by default when NODE_ENV=production. */
  @IsOptional()
  @IsIn(['true', 'false'])
  API_DOCS?: string;

  /** Addresses or CIDR ranges webhook channels may reach although loopback, private, link-local or reserved. */
  @IsOptional()
  @IsString()
  WEBHOOK_ALLOWED_ADDRESSES?: string;
  // Plan import (issue 12 item 7): the parser runs in a child process, stopped after this long.
  @IsInt()
  @Min(100)
  @Max(600_000)
  PLAN_PARSE_TIMEOUT_MS: number = 20_000;
  // Sessions and sign-in (issue 12).
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_SECONDS: number = 900;

  @IsInt()
  @Min(1)
  @Max(86_400)
  SESSION_IDLE_SECONDS: number = 1800;

  @IsInt()
  @Min(1)
  @Max(30 * 86_400)
  SESSION_ABSOLUTE_SECONDS: number = 12 * 3600;

  @IsInt()
  @Min(2)
  @Max(100)
  SIGN_IN_ACCOUNT_FAILURES: number = 5;

  @IsInt()
  @Min(2)
  @Max(10_000)
  SIGN_IN_ADDRESS_FAILURES: number = 30;

  @IsInt()
  @Min(1)
  @Max(86_400)
  SIGN_IN_WINDOW_SECONDS: number = 900;

  @IsInt()
  @Min(1)
  @Max(86_400)
  SIGN_IN_LOCK_SECONDS: number = 900;

  @IsInt()
  @Min(8)
  @Max(128)
  PASSWORD_MIN_LENGTH: number = 12;

  @IsInt()
  @Min(1)
  @Max(4)
  PASSWORD_MIN_CLASSES: number = 3;

  /** Trust X-Forwarded-For from this many proxies in front of the API (nginx in PROFILE=cluster: 1). */
  @IsInt()
  @Min(0)
  @Max(5)
  TRUST_PROXY_HOPS: number = 0;
}

export interface DubanConfig {
  databaseUrl: string;
  temporal: TemporalConfig;
  api: { port: number; host: string; idempotencyTakeoverSeconds: number };
  jwtSecret: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Path of the calendar adjustments file (holidays announced before the package carries them), if any. */
  calendarAdjustments?: string;
  delivery: DeliveryConfig;
  /** How long the API lets its plan parser process run before refusing the document with 422. */
  planParseTimeoutMs: number;
  /** Serve the OpenAPI document and UI at /docs (API_DOCS; off by default in production). */
  apiDocs: boolean;
  auth: AuthConfig;
}

/** Sessions, sign-in throttling and the password policy (issue 12). */
export interface AuthConfig {
  accessTokenSeconds: number;
  session: { idleSeconds: number; absoluteSeconds: number };
  /** Failures within the window lock the account name, or the client address, for lockSeconds. */
  signIn: { accountFailures: number; addressFailures: number; windowSeconds: number; lockSeconds: number };
  password: { minLength: number; minClasses: number };
  trustProxyHops: number;
}

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  workflowBundle?: string;
  /** Set when the frontend is reached over TLS: file paths, read when connecting. */
  tls?: TemporalTlsConfig;
  apiKey?: string;
  /** Set when this worker runs as one version of a Worker Deployment (worker versioning). */
  deployment?: { name: string; buildId: string };
}

export interface TemporalTlsConfig {
  certFile?: string;
  keyFile?: string;
  caFile?: string;
  serverName?: string;
}

/** How the notification dispatcher delivers email and webhooks (the inbox needs none of this). */
export interface DeliveryConfig {
  enabled: boolean;
  smtpUrl?: string;
  smtpFrom: string;
  consoleUrl: string;
  locale: 'zh-CN' | 'en';
  pollMs: number;
  batch: number;
  backoffMs: number;
  backoffMaxMs: number;
  maxAttempts: number;
  leaseMs: number;
  timeoutMs: number;
  quietHours: boolean;
  /** Asia/Shanghai office hours on working days, as minutes after midnight. */
  workingHours: { start: number; end: number };
  /** Loopback, private or reserved addresses (and CIDR ranges) a webhook may still reach, e.g. a test receiver. */
  webhookAllowedAddresses: string[];
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
  if (Boolean(parsed.TEMPORAL_DEPLOYMENT_NAME) !== Boolean(parsed.TEMPORAL_BUILD_ID)) {
    throw new ConfigError('Invalid configuration:\n  TEMPORAL_DEPLOYMENT_NAME and TEMPORAL_BUILD_ID: set both (worker versioning) or neither');
  }
  if (Boolean(parsed.TEMPORAL_TLS_CERT) !== Boolean(parsed.TEMPORAL_TLS_KEY)) {
    throw new ConfigError('Invalid configuration:\n  TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY: set both (the client certificate and its key) or neither');
  }
  return {
    databaseUrl: parsed.DATABASE_URL,
    temporal: {
      address: parsed.TEMPORAL_ADDRESS,
      namespace: parsed.TEMPORAL_NAMESPACE,
      taskQueue: parsed.TEMPORAL_TASK_QUEUE,
      workflowBundle: parsed.WORKFLOW_BUNDLE,
      tls: temporalTls(parsed),
      apiKey: parsed.TEMPORAL_API_KEY,
      deployment:
        parsed.TEMPORAL_DEPLOYMENT_NAME && parsed.TEMPORAL_BUILD_ID ? { name: parsed.TEMPORAL_DEPLOYMENT_NAME, buildId: parsed.TEMPORAL_BUILD_ID } : undefined,
    },
    api: { port: parsed.API_PORT, host: parsed.API_HOST, idempotencyTakeoverSeconds: parsed.IDEMPOTENCY_TAKEOVER_SECONDS },
    jwtSecret: parsed.JWT_SECRET,
    logLevel: parsed.LOG_LEVEL,
    calendarAdjustments: parsed.DUBAN_CALENDAR_ADJUSTMENTS,
    delivery: {
      enabled: parsed.DELIVERY_ENABLED === 'true',
      smtpUrl: parsed.SMTP_URL,
      smtpFrom: parsed.SMTP_FROM,
      consoleUrl: parsed.CONSOLE_URL.replace(/\/+$/, ''),
      locale: parsed.NOTIFY_LOCALE,
      pollMs: parsed.DELIVERY_POLL_MS,
      batch: parsed.DELIVERY_BATCH,
      backoffMs: parsed.DELIVERY_BACKOFF_MS,
      backoffMaxMs: parsed.DELIVERY_BACKOFF_MAX_MS,
      maxAttempts: parsed.DELIVERY_MAX_ATTEMPTS,
      leaseMs: parsed.DELIVERY_LEASE_MS,
      timeoutMs: parsed.DELIVERY_TIMEOUT_MS,
      quietHours: parsed.DELIVERY_QUIET_HOURS === 'true',
      workingHours: parseHours(parsed.WORKING_HOURS),
      webhookAllowedAddresses: parseAddressList(parsed.WEBHOOK_ALLOWED_ADDRESSES),
    },
    apiDocs: parsed.API_DOCS === undefined ? parsed.NODE_ENV !== 'production' : parsed.API_DOCS === 'true',
    planParseTimeoutMs: parsed.PLAN_PARSE_TIMEOUT_MS,
    auth: {
      accessTokenSeconds: parsed.ACCESS_TOKEN_SECONDS,
      session: { idleSeconds: parsed.SESSION_IDLE_SECONDS, absoluteSeconds: parsed.SESSION_ABSOLUTE_SECONDS },
      signIn: {
        accountFailures: parsed.SIGN_IN_ACCOUNT_FAILURES,
        addressFailures: parsed.SIGN_IN_ADDRESS_FAILURES,
        windowSeconds: parsed.SIGN_IN_WINDOW_SECONDS,
        lockSeconds: parsed.SIGN_IN_LOCK_SECONDS,
      },
      password: { minLength: parsed.PASSWORD_MIN_LENGTH, minClasses: parsed.PASSWORD_MIN_CLASSES },
      trustProxyHops: parsed.TRUST_PROXY_HOPS,
    },
  };
}

function temporalTls(parsed: Environment): TemporalTlsConfig | undefined {
  const tls = {
    certFile: parsed.TEMPORAL_TLS_CERT,
    keyFile: parsed.TEMPORAL_TLS_KEY,
    caFile: parsed.TEMPORAL_TLS_CA,
    serverName: parsed.TEMPORAL_TLS_SERVER_NAME,
  };
  // An API key is only ever sent over TLS: with no other TLS setting, the system's CAs verify the server.
  return Object.values(tls).some(Boolean) || parsed.TEMPORAL_API_KEY ? tls : undefined;
}

function parseHours(range: string): { start: number; end: number } {
  const [start, end] = range.split('-').map((t) => {
    const [h, m] = t.split(':').map(Number);
    return h * 60 + m;
  });
  if (end <= start) throw new ConfigError(`Invalid configuration:\n  WORKING_HOURS: the end must be after the start`);
  return { start, end };
}

/** A comma-separated list of IP addresses or CIDR ranges; anything else stops the process. */
function parseAddressList(list: string | undefined): string[] {
  const entries = (list ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const bad = entries.filter((e) => !ipaddr.isValid(e) && !ipaddr.isValidCIDR(e));
  if (bad.length > 0) throw new ConfigError(`Invalid configuration:\n  WEBHOOK_ALLOWED_ADDRESSES: not an IP address or CIDR range: ${bad.join(', ')}`);
  return entries;
}
