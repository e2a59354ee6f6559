/**
 * The Slack floor: a bare Bolt app (its own HTTP receiver, signature checks on) that acks `/melden` and opens the
 * same modal the real bot opens (from the file in BENCH_CARDS, written by bench/run.ts from the real renderer).
 */
import { readFileSync } from 'node:fs';
import { App, LogLevel } from '@slack/bolt';

const cards = JSON.parse(readFileSync(process.env.BENCH_CARDS!, 'utf8')) as { modal: object };

const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  tokenVerificationEnabled: false,
  logLevel: LogLevel.ERROR,
});
app.command('/melden', async ({ ack, body, client }) => {
  await ack();
  await client.views.open({ trigger_id: body.trigger_id, view: cards.modal as never });
});
const port = Number(process.env.PORT ?? 0);
void app.start(port).then((server: any) => {
  const address = server?.address?.();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : port}\n`);
});
