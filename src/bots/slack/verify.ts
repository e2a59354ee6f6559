/**
 * Slack request verification, done here rather than by Bolt (docs/protocol.md): Bolt accepts timestamps from the
 * future and reads bodies without a size limit. Order of checks: headers (401), timestamp within ±5 minutes of
 * our clock (401), declared size (413), body read with a hard limit (413, stops reading), HMAC (401).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Slack's largest payloads are view submissions (the whole view with its state): for our modal a few KB, with a
 * 2,000-character description still far below this. A bigger body is not from Slack for us.
 */
export const MAX_SLACK_BODY_BYTES = 256 * 1024;
/** Slack's replay window: a request whose timestamp is further from now than this, either way, is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export type Rejection = { status: 400 | 401 | 413 | 415; reason: string };

export function isRejection(value: unknown): value is Rejection {
  return typeof value === 'object' && value !== null && 'status' in value && 'reason' in value;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** The signature headers, or why the request is refused before its body is read. */
export function checkHeaders(req: IncomingMessage, now: Date): { timestamp: string; signature: string } | Rejection {
  const timestamp = header(req, 'x-slack-request-timestamp');
  const signature = header(req, 'x-slack-signature');
  if (!timestamp || !signature) return { status: 401, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { status: 401, reason: 'malformed timestamp' };
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) {
    return { status: 401, reason: 'timestamp outside the 5-minute window' };
  }
  const declared = header(req, 'content-length');
  if (declared !== undefined && Number(declared) > MAX_SLACK_BODY_BYTES) return { status: 413, reason: 'body too large' };
  return { timestamp, signature };
}

/**
 * Reads the body up to `limit` bytes. Past the limit it stops collecting at once (what came so far is dropped)
 * and answers a rejection; the caller closes the connection, so a chunked body is never buffered whole.
 */
export function readBody(req: IncomingMessage, limit = MAX_SLACK_BODY_BYTES): Promise<Buffer | Rejection> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      fn();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        settle(() => resolve({ status: 413, reason: 'body too large' }));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks, size)));
    const onError = (err: Error) => settle(() => reject(err));
    const onClose = () => settle(() => reject(new Error('request closed before its body was complete')));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** v0 signature: HMAC-SHA256 over `v0:{timestamp}:{raw body}`, compared in constant time. */
export function signatureMatches(secret: string, timestamp: string, body: Buffer, signature: string): boolean {
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The three kinds of Slack request bodies, parsed: Events API JSON, interactivity `payload=`, slash commands. */
export function parseSlackBody(contentType: string | undefined, raw: Buffer): Record<string, unknown> | Rejection {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  let body: unknown;
  try {
    if (type === 'application/json') {
      body = JSON.parse(raw.toString('utf8'));
    } else if (type === 'application/x-www-form-urlencoded') {
      const params = new URLSearchParams(raw.toString('utf8'));
      const payload = params.get('payload');
      body = payload !== null ? JSON.parse(payload) : Object.fromEntries(params);
    } else {
      return { status: 415, reason: `unsupported content type "${type}"` };
    }
  } catch {
    return { status: 400, reason: 'body is not valid JSON' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { status: 400, reason: 'expected an object' };
  return body as Record<string, unknown>;
}
