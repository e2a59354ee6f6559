/** The Bot Framework adapter: authentication of inbound requests and credentials for outbound calls. */
import type { Activity, TurnContext } from 'botbuilder';
import { CallerIdConstants, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from './sdk';
import { AuthenticationConstants, AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { BotCredentials } from '../../config';
import { noticeCard } from '../../cards/teams/report';
import { t } from '../../cards/strings';
import { toLocale } from '../../services/protocol';

import { libraryNoise } from '../../logger';
import type { Logger } from '../../services/ports';

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
      return await libraryNoise.run(true, () => super.authenticateRequest(activity, authHeader));
    } catch (err) {
      if (err instanceof AuthenticationError) throw err;
      throw new AuthenticationError(`Unauthorized: ${(err as Error).message}`, 401);
    }
  }
}

/** CloudAdapter with its turn entry point open to server.ts, which does its own body checks and answers. */
export class MeldenAdapter extends CloudAdapter {
  handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function createAdapter(credentials: BotCredentials, logger: Logger): MeldenAdapter {
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
  const adapter = new MeldenAdapter(auth);
  adapter.onTurnError = (context: TurnContext, error: Error) => answerTurnError(context, error, logger);
  return adapter;
}

/**
 * The last resort of a failed turn; it must never throw (a throw here becomes botbuilder's 500 with the error
 * message as body). Logs without the activity's content (it may hold a report); tells the user in their language:
 * a message gets a short notice, an invoke a proper invoke response (docs/operations.md, "Bad input").
 */
export async function answerTurnError(context: TurnContext, error: unknown, logger: Logger): Promise<void> {
  try {
    const activity = (context?.activity ?? {}) as Partial<Activity>;
    const type = typeof activity.type === 'string' ? activity.type : '?';
    const name = typeof activity.name === 'string' ? activity.name : '';
    logger.error('turn failed', { activityType: type, invoke: name || undefined }, error instanceof Error ? error : new Error(String(error)));
    const locale = toLocale(typeof activity.locale === 'string' ? activity.locale : undefined, 'nl');
    if (type === 'invoke') {
      await context.sendActivity({ type: 'invokeResponse', value: invokeErrorResponse(name, t(locale, 'error.generic')) });
    } else if (type === 'message') {
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(noticeCard(t(locale, 'error.generic'), '', 'Attention'))] });
    }
  } catch (sendError) {
    try {
      logger.error('could not tell the user about the failure', { err: { message: (sendError as Error)?.message } });
    } catch {
      // nothing left to do: the turn is over either way
    }
  }
}

/** An invoke's answer when it failed or cannot be handled: an error card, a dialog message, or a plain 400. */
export function invokeErrorResponse(name: string, text: string): { status: number; body: unknown } {
  if (name === 'adaptiveCard/action') {
    return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: noticeCard(text, '', 'Attention') } };
  }
  if (name.startsWith('composeExtension/') || name.startsWith('task/')) {
    return { status: 200, body: { task: { type: 'message', value: text } } };
  }
  return { status: 400, body: { code: 'BadRequest', message: 'unsupported invoke' } };
}
