import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Default: loopback for the embedded demo, every interface with PostgreSQL (see loadConfig).
  HOST: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  // The schema owner, for migrations only; DATABASE_URL is then the app's own login (OPERATIONS.md).
  DATABASE_OWNER_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  NODE_ENV: z.string().optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  CLINICLICK_DEMO: bool.optional(),
  PUBLIC_URL: z.string().url().optional(),
  APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  NOTIFY_TRANSPORT: z.enum(['outbox', 'live']).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  SMTP_FROM: z.string().default('Cliniclick <no-reply@cliniclick.test>'),
  SMS_HTTP_URL: z.string().url().optional(),
  SMS_HTTP_SECRET: z.string().min(16).optional(),
  SMS_SENDER: z.string().default('Cliniclick'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  SESSION_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  SLOTS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  // How many proxies in front of the app to believe X-Forwarded-For from (a count), or which
  // addresses (comma-separated IPs/CIDRs). Never "all": the client controls the left-most entry.
  TRUST_PROXY: z
    .string()
    .regex(
      /^(0|false|no|\d{1,2}|[0-9a-fA-F:.,/\s]+)$/,
      'must be a number of proxies or a list of proxy addresses',
    )
    .default('0'),
  SECURE_COOKIES: bool.optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  // The operator's explicit "yes" to serving the demo's published password beyond this machine.
  ALLOW_DEMO_PASSWORD: bool.optional(),
  // Platform admins without a second factor: only the embedded demo allows them by default.
  ALLOW_ADMIN_WITHOUT_MFA: bool.optional(),
});

export interface Config {
  port: number;
  host: string;
  /** HOST was not set, so the embedded demo listens on loopback only. */
  hostDefaulted: boolean;
  dataDir: string;
  databaseUrl: string | undefined;
  /** The schema owner's URL (migrations); when set, `databaseUrl` is the app's own login. */
  databaseOwnerUrl: string | undefined;
  /** NODE_ENV=production: the app's database login must be least-privileged (boot refuses otherwise). */
  production: boolean;
  dbPoolSize: number;
  redisUrl: string | undefined;
  /** Seed the demo clinic when the database is empty. */
  seedDemo: boolean;
  publicUrl: string;
  /** Keys HMACs (OTP codes, CSRF tokens, signed requests). */
  appSecret: string;
  notify: {
    transport: 'outbox' | 'live';
    outboxFile: string;
    smtpUrl: string | undefined;
    smtpFrom: string;
    smsUrl: string | undefined;
    smsSecret: string | undefined;
    smsSender: string;
  };
  logLevel: string;
  bodyLimit: number;
  /** How long a session lookup may be reused; every access change drops it at once anyway. */
  sessionCacheMs: number;
  slotsCacheMs: number;
  /** false, a hop count, or a list of proxy addresses (Fastify's trustProxy). */
  trustProxy: false | number | string;
  secureCookies: boolean;
  /** Bearer token for /metrics; without it only the embedded server serves them, to loopback. */
  metricsToken: string | undefined;
  allowDemoPassword: boolean;
  /** Platform admins may use the console without two-step sign-in (default: the embedded demo only). */
  allowAdminWithoutMfa: boolean;
}

export class ConfigError extends Error {}

/** Parses and checks the environment once, at boot. Throws ConfigError with one readable line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`invalid environment: ${issue.path.join('.')} ${issue.message}`);
  }
  const e = parsed.data;
  const embedded = !e.DATABASE_URL;
  const dataDir = path.resolve(e.DATA_DIR);
  const port = e.PORT;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
  if (embedded && e.DATABASE_OWNER_URL)
    throw new ConfigError('invalid environment: DATABASE_OWNER_URL needs DATABASE_URL (the app’s own login)');
  let appSecret = e.APP_SECRET;
  if (!appSecret) {
    if (!embedded) throw new ConfigError('invalid environment: APP_SECRET is required with DATABASE_URL');
    appSecret = embeddedSecret(dataDir);
  }
  return {
    port,
    host: e.HOST ?? (embedded ? '127.0.0.1' : '0.0.0.0'),
    hostDefaulted: e.HOST === undefined,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    databaseOwnerUrl: e.DATABASE_URL ? e.DATABASE_OWNER_URL : undefined,
    production: e.NODE_ENV === 'production',
    dbPoolSize: e.DB_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    seedDemo: e.CLINICLICK_DEMO ?? embedded,
    publicUrl,
    appSecret,
    notify: {
      transport: e.NOTIFY_TRANSPORT ?? (embedded || (!e.SMTP_URL && !e.SMS_HTTP_URL) ? 'outbox' : 'live'),
      outboxFile: path.join(dataDir, 'outbox.jsonl'),
      smtpUrl: e.SMTP_URL,
      smtpFrom: e.SMTP_FROM,
      smsUrl: e.SMS_HTTP_URL,
      smsSecret: e.SMS_HTTP_SECRET,
      smsSender: e.SMS_SENDER,
    },
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT,
    sessionCacheMs: e.SESSION_CACHE_MS,
    slotsCacheMs: e.SLOTS_CACHE_MS,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    secureCookies: e.SECURE_COOKIES ?? publicUrl.startsWith('https://'),
    metricsToken: e.METRICS_TOKEN,
    allowDemoPassword: e.ALLOW_DEMO_PASSWORD ?? false,
    allowAdminWithoutMfa: e.ALLOW_ADMIN_WITHOUT_MFA ?? (embedded && (e.CLINICLICK_DEMO ?? true)),
  };
}

function parseTrustProxy(value: string): false | number | string {
  if (['0', 'false', 'no'].includes(value)) return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.replace(/\s+/g, '');
}

function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

/** The embedded database keeps a generated secret beside it, so restarts keep sessions valid. */
function embeddedSecret(dataDir: string): string {
  const file = path.join(dataDir, 'app-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
