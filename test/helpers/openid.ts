/**
 * A local OpenID metadata document and JWKS, standing in for the Bot Framework's, so tests can sign channel
 * tokens the bot accepts (DESIGN §7) — and tokens it must refuse.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

export class LocalOpenId {
  private server?: Server;
  private readonly keyId = 'test-key-1';
  private readonly key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const base = this.url.replace(/\/openid$/, '');
      res.setHeader('content-type', 'application/json');
      if (req.url === '/openid') {
        res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
      } else if (req.url === '/keys') {
        const jwk = this.key.publicKey.export({ format: 'jwk' });
        res.end(JSON.stringify({ keys: [{ ...jwk, kid: this.keyId, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/openid`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A channel token as the Bot Framework issues it; `signWith` another key to forge one. */
  token(opts: { appId: string; serviceUrl: string; signWith?: KeyObject; issuer?: string; expiresIn?: number }): string {
    return jwt.sign(
      { serviceurl: opts.serviceUrl },
      (opts.signWith ?? this.key.privateKey).export({ format: 'pem', type: 'pkcs8' }) as string,
      {
        algorithm: 'RS256',
        keyid: this.keyId,
        issuer: opts.issuer ?? 'https://api.botframework.com',
        audience: opts.appId,
        expiresIn: opts.expiresIn ?? 600,
      },
    );
  }
}
