/**
 * The Slack Web API client as Melden needs it (docs/protocol.md): by default @slack/web-api retries for about 30 minutes,
 * pauses its whole request queue on a 429 and has no timeout — one rate-limited DM would hold up every page. Here
 * a call fails fast and says why; the durable scheduler retries the job (after Retry-After for a 429), and other
 * work goes on meanwhile.
 */
import { ErrorCode, WebClient, type Logger as SlackLogger, LogLevel } from '@slack/web-api';
import type { SlackConfig } from '../../config';
import { DeliveryError } from '../../services/ports';
import type { Logger } from '../../services/ports';

export const SLACK_CALL_TIMEOUT_MS = 5000;

/** Bolt and the Web API client log through our logger; their debug and info chatter is dropped. */
export function slackLogger(logger: Logger): SlackLogger {
  let level = LogLevel.WARN;
  return {
    debug: () => {},
    info: () => {},
    warn: (...args: unknown[]) => logger.warn('slack:', ...args),
    error: (...args: unknown[]) => logger.error('slack:', ...args),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export function createSlackClient(config: SlackConfig, logger: Logger): WebClient {
  return new WebClient(config.botToken, {
    slackApiUrl: config.apiUrl,
    // The client's own queue holds at most 100 calls in flight by default: a burst of DMs would hold a views.open
    // (whose trigger expires in 3 s) behind them. The limits are kept by our limiter and Slack's 429s instead.
    maxRequestConcurrency: 1000,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: SLACK_CALL_TIMEOUT_MS,
    logger: slackLogger(logger),
  });
}

/** Platform errors after which this person or channel cannot be reached by retrying: try someone else. */
const PERMANENT = new Set([
  'channel_not_found',
  'user_not_found',
  'users_not_found',
  'user_not_visible',
  'user_disabled',
  'cannot_dm_bot',
  'is_archived',
  'not_in_channel',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'restricted_action',
]);

/** Maps a Web API failure to what the caller should do: later (429, 5xx, timeouts, auth trouble) or never (gone). */
export function classifySlackError(err: unknown, what: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = err as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  const message = `Slack ${what} failed: ${e.message ?? String(err)}`;
  switch (e.code) {
    case ErrorCode.RateLimitedError:
      return new DeliveryError(message, 'rate-limited', 429, typeof e.retryAfter === 'number' ? e.retryAfter * 1000 : undefined);
    case ErrorCode.PlatformError: {
      const error = e.data?.error ?? '';
      if (PERMANENT.has(error)) return new DeliveryError(message, 'unreachable');
      if (error === 'ratelimited' || error === 'rate_limited') return new DeliveryError(message, 'rate-limited');
      return new DeliveryError(message, 'transient');
    }
    case ErrorCode.HTTPError:
      return new DeliveryError(message, 'transient', e.statusCode);
    default:
      return new DeliveryError(message, 'transient');
  }
}
