/**
 * `npm run -s cli -- discord register [--guild ID]`: register the slash
 * commands with Discord. The bot never does this on start (global registration
 * is rate limited and takes a while to propagate), so run it once after
 * install and after any change to the command definitions.
 */
import type { Command } from 'commander';
import type { Env } from '../../app/index.js';
import { registerSlashCommands } from '../../bots/discord/index.js';
import type { CliContext } from '../context.js';

export interface DiscordRegisterParams {
  token: string | undefined;
  applicationId: string | undefined;
  apiBase: string;
  guildId?: string;
}

/** The settings `discord register` needs, from the validated environment. */
export function registerParamsFromEnv(
  env: Pick<Env, 'DISCORD_BOT_TOKEN' | 'DISCORD_APPLICATION_ID' | 'DISCORD_API_BASE'>,
  guildId?: string,
): DiscordRegisterParams {
  return {
    token: env.DISCORD_BOT_TOKEN,
    applicationId: env.DISCORD_APPLICATION_ID,
    apiBase: env.DISCORD_API_BASE,
    ...(guildId !== undefined ? { guildId } : {}),
  };
}

/** Register and print a one-line summary; throws DiscordConfigError on missing settings. */
export async function runDiscordRegister(
  params: DiscordRegisterParams,
  out: NodeJS.WritableStream,
): Promise<string[]> {
  const result = await registerSlashCommands({
    token: params.token ?? '',
    applicationId: params.applicationId ?? '',
    apiBase: params.apiBase,
    ...(params.guildId !== undefined ? { guildId: params.guildId } : {}),
  });
  out.write(
    `Registered ${result.names.length} slash commands (${result.scope}): ${result.names.map((n) => `/${n}`).join(' ')}\n`,
  );
  if (result.scope === 'global')
    out.write(
      'Global commands can take up to an hour to appear; use --guild <id> while testing.\n',
    );
  return result.names;
}

/** Registers the `discord` command. */
export function register(program: Command, ctx: CliContext): void {
  const discord = program.command('discord').description('Discord bot tools');
  discord
    .command('register')
    .description('Register the slash commands (globally, or in one guild with --guild)')
    .option('--guild <id>', 'register in this guild only (instant; for testing)')
    .action(async (opts: { guild?: string }) => {
      const app = await ctx.openApp();
      try {
        await runDiscordRegister(registerParamsFromEnv(app.env, opts.guild), ctx.out);
      } finally {
        await app.close();
      }
    });
}
