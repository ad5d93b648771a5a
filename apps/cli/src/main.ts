import { Command } from 'commander';
import { registerAuditCommands } from './commands/audit.command';
import { registerCalendarCommands } from './commands/calendar.command';
import { registerDbCommands } from './commands/db.command';
import { registerPlanCommands } from './commands/plan.command';
import { registerScheduleCommand } from './commands/schedule.command';

export async function main(argv: string[]): Promise<void> {
  const program = new Command('duban').description('Duban (督办) supervision workflow engine');
  registerPlanCommands(program);
  registerScheduleCommand(program);
  registerDbCommands(program);
  registerCalendarCommands(program);
  registerAuditCommands(program);
  await program.parseAsync(argv);
}
