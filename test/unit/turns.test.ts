/**
 * One request starts per turn of the event loop (src/turns.ts): under a burst of new connections the server takes
 * each next connection after one request's work, not after the work of every connection taken before it.
 */
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { createHttpApp } from '../../src/server';
import { oneStartPerTurn } from '../../src/turns';
import { quietLogger } from '../helpers/app';
import { until } from '../helpers/wait';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('oneStartPerTurn', () => {
  it('starts requests that arrive together one per turn, in the order they came', async () => {
    const gate = oneStartPerTurn();
    const started: number[] = [];
    for (const i of [1, 2, 3]) gate({} as Request, {} as Response, (() => started.push(i)) as NextFunction);
    expect(started).toEqual([]);
    await nextTurn();
    expect(started).toEqual([1]);
    await nextTurn();
    expect(started).toEqual([1, 2]);
    await nextTurn();
    expect(started).toEqual([1, 2, 3]);
  });

  it('does not wait for a started request to finish', async () => {
    const gate = oneStartPerTurn();
    const started: string[] = [];
    gate({} as Request, {} as Response, (() => started.push('slow, never done')) as NextFunction);
    await nextTurn();
    gate({} as Request, {} as Response, (() => started.push('next')) as NextFunction);
    await nextTurn();
    expect(started).toEqual(['slow, never done', 'next']);
  });
});

describe('a burst of new connections (HTTP)', () => {
  const CONNECTIONS = 20;
  let server: Server;
  const sockets: Socket[] = [];

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('takes every connection after about one request each, not after all requests of those before it', async () => {
    // Each connection sends its next request as soon as an answer comes, as a load generator or a busy client does.
    const events: Array<'accept' | 'request'> = [];
    const app = createHttpApp({
      logger: quietLogger,
      mounts: [(http) => http.post('/work', (_req, res) => {
        events.push('request');
        const until = performance.now() + 2; // a request's CPU
        while (performance.now() < until);
        res.end('ok');
      })],
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    server.on('connection', () => events.push('accept'));
    const { port } = server.address() as AddressInfo;
    const request = 'POST /work HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n';
    for (let i = 0; i < CONNECTIONS; i++) {
      const socket = connect(port, '127.0.0.1', () => socket.write(request));
      socket.on('data', () => socket.write(request));
      socket.on('error', () => {});
      sockets.push(socket);
    }
    await until(() => events.filter((e) => e === 'accept').length === CONNECTIONS, { what: `${CONNECTIONS} connections taken`, timeoutMs: 10_000, everyMs: 5 });
    const beforeLast = events.slice(0, events.lastIndexOf('accept')).filter((e) => e === 'request').length;
    // Without the gate 90 requests ran before the last connection was taken (one connection per turn, and in each
    // turn a request of every connection taken so far); with it 18, about one per connection.
    expect(beforeLast).toBeLessThanOrEqual(2 * CONNECTIONS);
  });

  it('answers a request whose handler throws, and starts those behind it', async () => {
    const app = createHttpApp({
      logger: quietLogger,
      mounts: [(http) => {
        http.post('/throws', () => {
          throw new Error('boom');
        });
        http.post('/work', (_req, res) => res.json({ ok: true }));
      }],
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const answers = await Promise.all([fetch(`${url}/throws`, { method: 'POST' }), fetch(`${url}/work`, { method: 'POST' }), fetch(`${url}/throws`, { method: 'POST' }), fetch(`${url}/work`, { method: 'POST' })]);
    expect(answers.map((a) => a.status)).toEqual([500, 200, 500, 200]);
    expect(await answers[0].json()).toEqual({ error: 'InternalError' });
  });
});
