/** The Bot Framework adapter: authentication of inbound requests and credentials for outbound calls. */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import type { BotCredentials } from '../../config';
import { noticeCard } from '../../cards/report-cards';
import { t } from '../../cards/strings';
import { CardFactory } from 'botbuilder';
import { toLocale } from '../../services/protocol';

export interface Logger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export function createAdapter(credentials: BotCredentials, logger: Logger): CloudAdapter {
  const factory = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: credentials.MicrosoftAppId,
    MicrosoftAppPassword: credentials.MicrosoftAppPassword,
    MicrosoftAppType: credentials.MicrosoftAppType,
    MicrosoftAppTenantId: credentials.MicrosoftAppTenantId,
  });
  const auth = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: credentials.MicrosoftAppId,
      MicrosoftAppTenantId: credentials.MicrosoftAppTenantId,
      ...(credentials.ToBotFromChannelOpenIdMetadataUrl ? { ToBotFromChannelOpenIdMetadataUrl: credentials.ToBotFromChannelOpenIdMetadataUrl } : {}),
      ...(credentials.ToBotFromEmulatorOpenIdMetadataUrl ? { ToBotFromEmulatorOpenIdMetadataUrl: credentials.ToBotFromEmulatorOpenIdMetadataUrl } : {}),
    },
    factory,
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Log the failure without the activity's content (it may hold a report); tell the user in their language.
    logger.error(`turn failed: type=${context.activity.type} name=${context.activity.name ?? ''}: ${error.message}`);
    if (context.activity.type === 'message') {
      const locale = toLocale(context.activity.locale, 'nl');
      try {
        await context.sendActivity({ attachments: [CardFactory.adaptiveCard(noticeCard(t(locale, 'error.generic'), '', 'Attention'))] });
      } catch (sendError) {
        logger.error(`could not tell the user about the failure: ${(sendError as Error).message}`);
      }
    }
  };
  return adapter;
}
