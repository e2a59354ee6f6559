/** The Bot Framework adapter: authentication of inbound requests and credentials for outbound calls. */
import {
  CallerIdConstants,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConstants, AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { BotCredentials } from '../../config';
import { noticeCard } from '../../cards/report-cards';
import { t } from '../../cards/strings';
import { toLocale } from '../../services/protocol';

export interface Logger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/**
 * Overriding one public-cloud endpoint switches botbuilder to fully "parameterized" settings, where every
 * endpoint left out becomes null (and, e.g., no token issuer is accepted at all). So an override brings the
 * public-cloud values for everything else.
 */
function cloudOverrides(credentials: BotCredentials): Record<string, string> {
  if (!credentials.ToBotFromChannelOpenIdMetadataUrl && !credentials.ToBotFromEmulatorOpenIdMetadataUrl) return {};
  return {
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: credentials.ToBotFromChannelOpenIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: credentials.ToBotFromEmulatorOpenIdMetadataUrl ?? AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

/**
 * botbuilder answers 500 when the token's signature does not verify (jsonwebtoken's own error is not an
 * AuthenticationError). Any failure to authenticate is a 401.
 */
class StrictAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (err) {
      if (err instanceof AuthenticationError) throw err;
      throw new AuthenticationError(`Unauthorized: ${(err as Error).message}`, 401);
    }
  }
}

export function createAdapter(credentials: BotCredentials, logger: Logger): CloudAdapter {
  const factory = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: credentials.MicrosoftAppId,
    MicrosoftAppPassword: credentials.MicrosoftAppPassword,
    MicrosoftAppType: credentials.MicrosoftAppType,
    MicrosoftAppTenantId: credentials.MicrosoftAppTenantId,
  });
  const auth = new StrictAuthentication(
    { MicrosoftAppId: credentials.MicrosoftAppId, MicrosoftAppTenantId: credentials.MicrosoftAppTenantId, ...cloudOverrides(credentials) },
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
