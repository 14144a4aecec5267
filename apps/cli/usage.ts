import type { AppConfig } from '../../libs/infra/config/config';

/**
 * What a command of `npm run ledger` is, for the dispatcher and for its help text alike: the one
 * list in ledger-commands.ts is both, so the usage cannot forget a command.
 */
export interface OptionSpec {
  /** Without the dashes: `from` for `--from`. Every option takes a value. */
  readonly name: string;
  /** The value's placeholder in the usage: `YYYY-MM-DD`. */
  readonly value: string;
  readonly help: string;
}

export interface LedgerCommand {
  readonly name: string;
  /** The arguments as the usage line shows them: `--from YYYY-MM-DD --to YYYY-MM-DD [--format csv|jsonl]`. */
  readonly synopsis: string;
  /** One line for the list of commands. */
  readonly summary: string;
  /** What it does and what a user must know (bounds, units, output), one line each. */
  readonly description: readonly string[];
  readonly options: readonly OptionSpec[];
  run(values: Readonly<Record<string, string | undefined>>, config: () => AppConfig): Promise<number>;
}

/** Bad arguments: the message, then a pointer to the usage; exit status 2. */
export class UsageError extends Error {}

export const INVOCATION = 'npm run -s ledger --';

export const EXIT_STATUS = 'Exit status: 0 done, 1 findings or failure, 2 bad usage or configuration.';

const INDENT = '      ';

export function usage(commands: readonly LedgerCommand[]): string {
  const entries = commands.map((command) => `  ${command.name} ${command.synopsis}`.trimEnd() + `\n${INDENT}${command.summary}`);
  return [
    `Usage: ${INVOCATION} <command> [options]`,
    '',
    "Finance's tools for the billing ledger. They work on DATABASE_URL, or on the embedded database",
    'of a running `npm start` (found through DATA_DIR). Keep the -s: without it npm prints its own',
    'banner on standard output, ahead of a token or an export.',
    '',
    'Commands:',
    ...entries,
    `  help [COMMAND]\n${INDENT}This text, or one command's in full (also: <command> --help).`,
    '',
    EXIT_STATUS,
    '',
    'Examples:',
    `  TOKEN=$(${INVOCATION} token --role finance)`,
    `  ${INVOCATION} export --from 2026-01-01 --to 2026-12-31 > journal-2026.csv`,
    `  ${INVOCATION} verify`,
    '',
  ].join('\n');
}

export function commandUsage(command: LedgerCommand): string {
  const width = Math.max(0, ...command.options.map((option) => `--${option.name} ${option.value}`.length));
  const options = command.options.map((option) => `  ${`--${option.name} ${option.value}`.padEnd(width)}  ${option.help}`);
  return [
    `Usage: ${INVOCATION} ${command.name} ${command.synopsis}`.trimEnd(),
    '',
    ...command.description,
    ...(options.length > 0 ? ['', 'Options:', ...options] : []),
    '',
    EXIT_STATUS,
    '',
  ].join('\n');
}
