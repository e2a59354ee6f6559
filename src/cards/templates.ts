/**
 * Adaptive Card templates (JSON, adaptivecards-templating). Data is bound only through `${…}` in the template
 * itself; user text is passed as data and shown in TextRuns (no Markdown), never spliced into a template.
 */
import * as ACData from 'adaptivecards-templating';
import confirmation from './templates/confirmation.json';
import welcome from './templates/welcome.json';
import notice from './templates/notice.json';
import page from './templates/page.json';
import checkin from './templates/checkin.json';
import task from './templates/task.json';
import sanction from './templates/sanction.json';
import meetingAgenda from './templates/meeting-agenda.json';
import periodReview from './templates/period-review.json';
import actionList from './templates/actions.json';
import help from './templates/help.json';

export const TEMPLATES = { confirmation, welcome, notice, page, checkin, task, sanction, meetingAgenda, periodReview, actionList, help } as const;
export type TemplateName = keyof typeof TEMPLATES;

export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  version: string;
  body: unknown[];
  [key: string]: unknown;
}

export function expandTemplate(name: TemplateName, data: object): AdaptiveCardJson {
  const template = new ACData.Template(TEMPLATES[name]);
  return template.expand({ $root: data }) as AdaptiveCardJson;
}
