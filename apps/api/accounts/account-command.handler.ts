import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { BillingAccountState } from '../../../libs/domain/billing-account/billing-account.state';
import { BillingCommands, type AccountCommandInput, type CommandCaller } from '../../../libs/application/commands/billing-commands';
import type { CommandOutcome } from '../../../libs/application/commands/handle-command';

/** One command on one billing account, as the CommandBus carries it. */
export class AccountCommand {
  constructor(
    readonly accountId: string,
    readonly input: AccountCommandInput,
    readonly caller: CommandCaller,
  ) {}
}

@CommandHandler(AccountCommand)
export class AccountCommandHandler implements ICommandHandler<AccountCommand, CommandOutcome<BillingAccountState>> {
  constructor(@Inject(BillingCommands) private readonly commands: BillingCommands) {}

  execute({ accountId, input, caller }: AccountCommand): Promise<CommandOutcome<BillingAccountState>> {
    return this.commands.execute(accountId, input, caller);
  }
}
