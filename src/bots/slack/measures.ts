/**
 * Measures in Slack (docs/measures.md), the twin of teams/measure-actions.ts: "Overleggen met leidinggevende" on the
 * sanction request, and on a measure's reminder "Verlengen of wijzigen" (a modal with the new end date) and
 * "Beëindigen". A click is handled once (buttonClick claims it); who may act is decided in services/access.ts.
 */
import type { App } from '@slack/bolt';
import { renderSlackMessage, slackNotice } from '../../cards/slack/messages';
import { readMeasureEndDate, readMeasureIds, SLACK_MEASURE_ACTIONS, SLACK_MEASURE_CALLBACK, slackMeasure, slackMeasureModal, MEASURE_INPUTS } from '../../cards/slack/measures';
import type { ModalState } from '../../cards/slack/report';
import { t } from '../../cards/strings';
import { mayAct, mayManageMeasure } from '../../services/access';
import { readButtonValue } from '../../cards/slack/aftercare';
import { buttonClick, memberOn, modalSubmission, type SlackBotDeps } from './deps';

/** A click on a measure's button, handled once: the measure it names, and who clicked as a member of its team. */
async function measureClick(deps: SlackBotDeps, body: unknown, action: unknown) {
  const click = await buttonClick(deps, body, action);
  if (!click || !deps.measures) return undefined;
  const measure = await deps.store.measures.get(readMeasureIds(click.a.value)?.measureId ?? '');
  return { ...click, measures: deps.measures, measure, who: memberOn(deps, click.b.user.id, measure) };
}

export function registerMeasureActions(app: App, deps: SlackBotDeps): void {
  app.action(SLACK_MEASURE_ACTIONS.consult, async ({ ack, body, action }) => {
    await ack();
    const click = await buttonClick(deps, body, action);
    if (!click) return;
    const { b, a, locale, at, tell } = click;
    const incidentId = readButtonValue(a.value)?.incidentId;
    const incident = incidentId ? await deps.store.incidents.get(incidentId) : undefined;
    const who = memberOn(deps, b.user.id, incident);
    if (!incident || !who || !mayAct(incident, who, { type: 'sanction.decide' })) return tell(t(locale, 'slack.sanction.notAllowed'));
    const outcome = await deps.sanctions.consult(incident.id, who.person.id);
    if ('message' in outcome && at) await deps.messenger.updateMessage(at, renderSlackMessage(outcome.message));
    await tell(t(locale, 'measure.consulted'));
  });

  app.action(SLACK_MEASURE_ACTIONS.end, async ({ ack, body, action }) => {
    await ack();
    const click = await measureClick(deps, body, action);
    if (!click) return;
    const { measures, measure, who, locale, at, tell } = click;
    const result = measure && who ? await measures.end(measure.id, who) : 'forbidden';
    if (result === 'forbidden') return tell(t(locale, 'measure.card.refused'));
    if (at) await deps.messenger.updateMessage(at, slackMeasure(locale, (await measures.view(measure!.id, 'ended'))!));
  });

  app.action(SLACK_MEASURE_ACTIONS.extend, async ({ ack, body, action }) => {
    await ack();
    const click = await measureClick(deps, body, action);
    if (!click) return;
    const { b, measures, measure, who, locale, at, tell } = click;
    if (!measure || !who || !mayManageMeasure(measure, who)) return tell(t(locale, 'measure.card.refused'));
    try {
      await deps.messenger.openView(b.trigger_id, slackMeasureModal(locale, (await measures.view(measure.id, 'ending'))!, at));
    } catch (err) {
      deps.logger.warn(`slack: ${(err as Error).message}`);
      await tell(t(locale, 'slack.modalFailed'));
    }
  });

  app.view(SLACK_MEASURE_CALLBACK, async ({ ack, body, view }) => {
    const { b, who: sender, locale, respond, info } = modalSubmission(deps, { ack, body });
    if (!sender || !deps.measures) return info(t(locale, 'slack.unknownUser', { userId: b.user.id }));
    const meta = readMeasureIds(view.private_metadata);
    const measure = await deps.store.measures.get(meta?.measureId ?? '');
    const who = memberOn(deps, b.user.id, measure);
    const endDate = readMeasureEndDate(view.state?.values as ModalState | undefined);
    const result = measure && who ? await deps.measures.extend(measure.id, who, endDate) : 'forbidden';
    if (result === 'forbidden') return info(t(locale, 'measure.card.refused'));
    if (result === 'invalid') return respond({ response_action: 'errors', errors: { [MEASURE_INPUTS.endDate]: t(locale, 'measure.card.invalid') } });
    await respond();
    const extended = await deps.measures.view(`${measure!.id.split('~')[0]}~${endDate}`, 'extended');
    if (meta?.channel && meta.ts && extended) {
      await deps.messenger.updateMessage({ channel: meta.channel, ts: meta.ts }, slackMeasure(locale, extended)).catch((err: Error) => deps.logger.warn(`slack: ${err.message}`));
    } else if (extended) {
      await deps.messenger.postToUser(b.user.id, slackNotice(t(locale, 'measure.card.extended', { date: endDate ?? '' }))).catch(() => undefined);
    }
  });
}
