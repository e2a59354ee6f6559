/**
 * The Bot Framework SDK as the Teams bot uses it: each class from the module that defines it, not from botbuilder's
 * index. That index also loads what Melden never uses (the file transcript store with fs-extra, the speak
 * middleware with htmlparser2, dayjs): 84 files more, 10 % of the cold start measured (docs/operations.md,
 * "Start-up"). test/unit/teams-sdk.test.ts checks that each is the very class botbuilder exports, so an SDK upgrade
 * that moves one fails there. Types come from botbuilder as usual (they cost nothing at run time).
 */
export {
  ActivityTypes,
  CallerIdConstants,
  CardFactory,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  MessageFactory,
  TurnContext,
} from 'botbuilder-core';
export { CloudAdapter } from 'botbuilder/lib/cloudAdapter';
export { TeamsActivityHandler } from 'botbuilder/lib/teamsActivityHandler';
