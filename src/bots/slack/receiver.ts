/**
 * POST /slack/events: verifies the request (verify.ts), parses the body and hands it to Bolt with an ack that
 * writes the HTTP response. Bolt's own HTTPReceiver is not used: it accepts future timestamps and reads bodies
 * without a limit (docs/protocol.md). Bolt still does the routing (commands, views, actions, events), so the same
 * listeners serve Socket Mode, whose receiver Bolt brings.
 */
import type { Request, Response } from 'express';
import type { Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../services/ports';
import type { Clock } from '../../services/ports';
import { checkSlackBody } from './payload-schema';
import { checkHeaders, isRejection, parseSlackBody, readBody, signatureMatches, type Rejection } from './verify';

/** Slack waits 3 s for the HTTP answer; an event nobody acknowledged by this time gets an empty 200. */
export const ACK_DEADLINE_MS = 2500;

export interface EventsHandlerOptions {
  signingSecret: string;
  clock: Clock;
  logger: Logger;
  dispatch: (event: ReceiverEvent) => Promise<void>;
  ackDeadlineMs?: number;
  /** The user's answer when handling failed (a slash command shows it; Slack shows nothing for the rest). */
  failureText?: string;
}

function reject(req: Request, res: Response, rejection: Rejection, logger: Logger): void {
  logger.warn(`slack: request refused (${rejection.status}): ${rejection.reason}`);
  if (rejection.status === 413) {
    // Stop the upload: close the connection once the answer is out (a short grace lets the client read it).
    res.setHeader('Connection', 'close');
    res.on('finish', () => setTimeout(() => req.destroy(), 200).unref());
  }
  res.status(rejection.status).json({ error: rejection.reason });
}

export function slackEventsHandler(options: EventsHandlerOptions) {
  const { logger } = options;
  return async (req: Request, res: Response): Promise<void> => {
    const headers = checkHeaders(req, options.clock.now());
    if (isRejection(headers)) return reject(req, res, headers, logger);
    let raw: Buffer | Rejection;
    try {
      raw = await readBody(req);
    } catch (err) {
      logger.warn(`slack: could not read request body: ${(err as Error).message}`);
      if (!res.headersSent) res.status(400).end();
      return;
    }
    if (isRejection(raw)) return reject(req, res, raw, logger);
    if (!signatureMatches(options.signingSecret, headers.timestamp, raw, headers.signature)) {
      return reject(req, res, { status: 401, reason: 'signature mismatch' }, logger);
    }
    const parsed = parseSlackBody(req.headers['content-type'], raw);
    if (isRejection(parsed)) return reject(req, res, parsed, logger);
    const checked = checkSlackBody(parsed);
    if (!checked.ok) return reject(req, res, { status: 400, reason: checked.problem }, logger);
    const body = checked.body;

    // Handshakes Bolt's HTTPReceiver would answer itself.
    if (body.type === 'url_verification') {
      res.json({ challenge: String(body.challenge ?? '') });
      return;
    }
    if (body.ssl_check === '1') {
      res.status(200).end();
      return;
    }

    let acked = false;
    const ack = async (response?: unknown): Promise<void> => {
      if (acked) return;
      acked = true;
      clearTimeout(deadline);
      if (response === undefined || response === '') res.status(200).end();
      else if (typeof response === 'string') res.status(200).type('text/plain').send(response);
      else res.status(200).json(response);
    };
    const deadline = setTimeout(() => {
      if (acked) return;
      logger.warn(`slack: no ack for a ${String(body.type ?? body.command ?? 'request')} within ${options.ackDeadlineMs ?? ACK_DEADLINE_MS} ms`);
      void ack();
    }, options.ackDeadlineMs ?? ACK_DEADLINE_MS);
    deadline.unref();

    const retryNum = Number(req.headers['x-slack-retry-num']);
    const retryReason = req.headers['x-slack-retry-reason'];
    try {
      await options.dispatch({
        body,
        ack,
        retryNum: Number.isInteger(retryNum) ? retryNum : undefined,
        retryReason: typeof retryReason === 'string' ? retryReason : undefined,
      });
    } catch (err) {
      // Never a 5xx: Slack would retry an event or show its own failure; a command gets a short error instead.
      logger.error('slack: handling failed', err);
      const text = options.failureText ?? 'Er ging iets mis. Probeer het later nog eens.';
      await ack(typeof body.command === 'string' ? { response_type: 'ephemeral', text } : undefined);
      return;
    }
    await ack(); // nothing matched, or a listener finished without acknowledging
  };
}

/** Bolt needs a receiver; HTTP requests reach Bolt through slackEventsHandler instead, so this one does nothing. */
export class DetachedReceiver implements Receiver {
  init(): void {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}
