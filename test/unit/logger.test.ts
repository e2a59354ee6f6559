/** The JSON logger: line shape, redaction of personal fields, errors without stacks below error level, library console output. */
import { PassThrough } from 'node:stream';
import { createLogger, libraryNoise, routeConsole } from '../../src/logger';

function capture(level = 'info') {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d) => (text += d));
  const logger = createLogger({ destination: stream, level });
  return { logger, lines: () => text.split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

test('strings are the message, objects are fields, personal fields are redacted one level down', () => {
  const { logger, lines } = capture();
  logger.info('report stored', { incidentId: 'inc-1', description: 'Dreigde met geweld', person: { name: 'Anna de Vries', id: 'anna' }, citizenReference: 'z-1' });
  expect(lines()).toEqual([
    { level: 30, time: expect.any(String), msg: 'report stored', incidentId: 'inc-1', description: '[redacted]', person: { name: '[redacted]', id: 'anna' }, citizenReference: '[redacted]' },
  ]);
});

test('an Error is `err`: with its stack at error level, without below it; LOG_LEVEL filters', () => {
  const { logger, lines } = capture('warn');
  logger.info('not written');
  logger.warn('refused', new Error('bad token'));
  logger.error('failed', new Error('boom'));
  const [warn, error] = lines();
  expect(lines()).toHaveLength(2);
  expect(warn).toMatchObject({ level: 40, msg: 'refused', err: { message: 'bad token' } });
  expect(warn.err.stack).toBeUndefined();
  expect(error.err.stack).toContain('Error: boom');
});

test('library console output joins the log as one line, and is dropped where the caller logs the outcome', async () => {
  const saved = { log: console.log, info: console.info, debug: console.debug, warn: console.warn, error: console.error };
  const { logger, lines } = capture();
  try {
    routeConsole(logger);
    console.error('Error finding key for token. Available keys: -----BEGIN RSA PUBLIC KEY-----\nMIIB…\n-----END');
    await libraryNoise.run(true, async () => console.error('noise during a token check'));
  } finally {
    Object.assign(console, saved);
  }
  expect(lines()).toEqual([{ level: 40, time: expect.any(String), msg: 'Error finding key for token. Available keys: -----BEGIN RSA PUBLIC KEY-----', source: 'console' }]);
});
