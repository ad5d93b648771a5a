import type { Command } from 'commander';
import { AuditTrailService, createDataSource, type AuditChainVerdict } from '@duban/domain';
import zhCN from '../locales/zh-CN.json';

const text = zhCN.audit;

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** One line for a person reading the terminal. */
export function describeVerdict(verdict: AuditChainVerdict): string {
  if (verdict.ok || !verdict.firstBad) return fill(text.ok, { rows: verdict.rows });
  const { seq, id, reason } = verdict.firstBad;
  return fill(text.bad, { seq, id: id || '-', reason: text.reasons[reason], rows: verdict.rows });
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description(text.description);
  audit
    .command('verify')
    .description(text.verifyDescription)
    .option('--json', text.json)
    .action(async (options: { json?: boolean }) => {
      const url = process.env.DATABASE_URL;
      if (!url) throw new Error('DATABASE_URL is not set (make up and make test set it for you)');
      const db = await createDataSource(url).initialize();
      try {
        const verdict = await new AuditTrailService(db).verify();
        process.stdout.write(`${options.json ? JSON.stringify(verdict) : describeVerdict(verdict)}\n`);
        if (!verdict.ok) process.exitCode = 1;
      } finally {
        await db.destroy();
      }
    });
}
