/** Check-in and aftercare task buttons (Universal Actions). Answers with the card as its owner now sees it. */
import { AFTERCARE_VERBS, checkinCard } from '../../cards/teams/aftercare';
import { renderTeamsMessage } from '../../cards/teams/messages';
import { noticeCard } from '../../cards/teams/report';
import { t } from '../../cards/strings';
import type { AdaptiveCardJson } from '../../cards/teams/templates';
import type { AftercareService, CheckinAction } from '../../services/aftercare';
import { mayAct } from '../../services/access';
import type { PersonInTeam } from '../../services/directory';
import type { Store } from '../../services/ports';
import type { Locale } from '../../services/protocol';

export async function handleAftercareAction(
  verb: string,
  data: Record<string, unknown>,
  who: PersonInTeam,
  locale: Locale,
  deps: { aftercare: AftercareService; store: Store },
): Promise<AdaptiveCardJson> {
  const incidentId = typeof data.incidentId === 'string' ? data.incidentId : '';
  const momentId = typeof data.momentId === 'string' ? data.momentId : '';
  const notYours = noticeCard(t(locale, 'access.refused'), '', 'Attention');
  // Only the check-in's own subject, or the task's lead / aftercare person, of the incident's team (access.ts).
  const target = await deps.store.incidents.get(incidentId);
  const targetMoment = target?.aftercare?.moments.find((m) => m.id === momentId);
  const kind = verb === AFTERCARE_VERBS.done ? 'task.complete' : 'checkin.answer';
  if (!target || !targetMoment || !mayAct(target, who, { type: kind, moment: targetMoment })) return notYours;
  if (verb === AFTERCARE_VERBS.done) {
    const message = await deps.aftercare.markDone(incidentId, momentId, who.person.id);
    return message ? renderTeamsMessage(message) : notYours;
  }
  let action: CheckinAction;
  if (verb === AFTERCARE_VERBS.stop) action = { type: 'stop' };
  else if (verb === AFTERCARE_VERBS.snooze) action = { type: 'snooze', days: Number(data.days) === 7 ? 7 : 1 };
  else {
    const feeling = data.feeling;
    if (feeling !== 'good' && feeling !== 'okay' && feeling !== 'bad') {
      // Show the card again with the error; nothing is stored.
      const incident = await deps.store.incidents.get(incidentId);
      const moment = incident?.aftercare?.moments.find((m) => m.id === momentId && m.subjectId === who.person.id);
      if (!incident || !moment) return notYours;
      const current = deps.aftercare.checkinMessage(incident, moment, who.person.id, false);
      return current.type === 'checkin' ? checkinCard(current.locale, current.checkin, t(locale, 'checkin.missingFeeling')) : notYours;
    }
    action = { type: 'answer', feeling, wantsTalk: data.wantsTalk === 'true' || data.wantsTalk === true, note: typeof data.note === 'string' ? data.note : undefined };
  }
  const message = await deps.aftercare.act(incidentId, momentId, who.person.id, action);
  return message ? renderTeamsMessage(message) : notYours;
}
