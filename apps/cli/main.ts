/**
 * `npm run -s ledger -- <command>`: finance's tools (api.md, "Command line"). The commands and
 * their help live in ledger-commands.ts; this is the dispatcher. `help`, `--help`, `-h` and
 * `<command> --help` print usage on standard output; an unknown command or bad arguments print
 * what was wrong and the usage on standard error, and exit 2.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../libs/infra/config/config';
import { StartupError } from '../../libs/infra/startup-error';
import { LEDGER_COMMANDS } from './ledger-commands';
import { commandUsage, INVOCATION, usage, UsageError, type LedgerCommand } from './usage';

const HELP = ['help', '--help', '-h'];

/** Where usage went wrong, and which text helps: the whole usage, or one command's. */
class UsageProblem extends Error {
  constructor(message: string, readonly command?: LedgerCommand) {
    super(message);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) throw new UsageProblem('a command is needed');
  if (HELP.includes(name)) return help(rest[0]);
  const command = LEDGER_COMMANDS.find((candidate) => candidate.name === name);
  if (!command) throw new UsageProblem(`unknown command ${JSON.stringify(name)}`);
  if (rest.some((arg) => HELP.slice(1).includes(arg))) {
    process.stdout.write(commandUsage(command));
    return 0;
  }
  let values: Record<string, string | undefined>;
  try {
    const options = Object.fromEntries(command.options.map((option) => [option.name, { type: 'string' as const }]));
    values = parseArgs({ args: [...rest], options, strict: true, allowPositionals: false }).values as Record<string, string | undefined>;
  } catch (error) {
    throw new UsageProblem((error as Error).message, command);
  }
  try {
    return await command.run(values, () => loadConfig());
  } catch (error) {
    if (error instanceof UsageError) throw new UsageProblem(error.message, command);
    throw error;
  }
}

function help(topic: string | undefined): number {
  if (topic === undefined) {
    process.stdout.write(usage(LEDGER_COMMANDS));
    return 0;
  }
  const command = LEDGER_COMMANDS.find((candidate) => candidate.name === topic);
  if (!command) throw new UsageProblem(`no command ${JSON.stringify(topic)} to help with`);
  process.stdout.write(commandUsage(command));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageProblem) {
      const text = error.command ? `${commandUsage(error.command)}\nAll commands: ${INVOCATION} help\n` : usage(LEDGER_COMMANDS);
      process.stderr.write(`ledger: ${error.message}\n\n${text}`);
      process.exit(2);
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`ledger: ${error.message}\n`);
      process.exit(2);
    }
    // A start that cannot go on (the embedded database's folder, say) is one line saying what to do.
    if (error instanceof StartupError) {
      process.stderr.write(`ledger: ${error.message}\n`);
      process.exit(1);
    }
    console.error(error);
    process.exit(1);
  },
);
