/**
 * The Teams floor: a bare botbuilder bot (CloudAdapter, express, no authentication as in local development) that
 * answers `melden` with the same form card the real bot sends, and a report submit (invoke) with the same
 * confirmation card. Nothing else: no store, no routing, no logging. The cards come from the file in BENCH_CARDS
 * (written by bench/run.ts from the real renderers), so the card itself is not the difference.
 */
import { readFileSync } from 'node:fs';
import express from 'express';
import { ActivityHandler, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory, type TurnContext } from 'botbuilder';

const cards = JSON.parse(readFileSync(process.env.BENCH_CARDS!, 'utf8')) as { form: object; confirmation: object };

class BareBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(cards.form)));
      await next();
    });
  }
  protected override async onInvokeActivity(_context: TurnContext) {
    return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: cards.confirmation } };
  }
}

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new BareBot();
const app = express();
app.get('/readyz', (_req, res) => void res.json({ status: 'ready' }));
app.post('/api/messages', express.json({ limit: '256kb' }), (req, res) => void adapter.process(req, res, (context) => bot.run(context)));
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
});
