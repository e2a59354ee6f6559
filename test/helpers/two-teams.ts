/**
 * A team file with a second team, KCC Zuid, whose people carry the same person ids as KCC Noord's (anna, dirk,
 * eva, carla, fleur) but their own chat identities: person ids are unique per team only (docs/roles.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_CONFIG } from './app';

export const ZUID = {
  teams: { anna: { id: '29:anna-zuid', name: 'Anna Zuid' }, dirk: { id: '29:dirk-zuid', name: 'Dirk Zuid' }, eva: { id: '29:eva-zuid', name: 'Eva Zuid' }, carla: { id: '29:carla-zuid', name: 'Carla Zuid' }, fleur: { id: '29:fleur-zuid', name: 'Fleur Zuid' } },
  slack: { anna: 'U0ANNAZ', dirk: 'U0DIRKZ', eva: 'U0EVAZ', carla: 'U0CARLAZ', fleur: 'U0FLEURZ' },
};

const ZUID_TEAM = `
  - id: kcc-zuid
    name: KCC Zuid
    channel:
      teams: { conversationId: "19:kcc-zuid@thread.tacv2", tenantId: "tenant-1" }
      slack: { channelId: C0KCCZUID }
    people:
      - { id: anna,  name: Anna Zuid,  teamsUserId: "29:anna-zuid",  slackUserId: U0ANNAZ,  roles: [member, first-responder] }
      - { id: dirk,  name: Dirk Zuid,  teamsUserId: "29:dirk-zuid",  slackUserId: U0DIRKZ,  roles: [coordinator] }
      - { id: eva,   name: Eva Zuid,   teamsUserId: "29:eva-zuid",   slackUserId: U0EVAZ,   roles: [lead] }
      - { id: carla, name: Carla Zuid, teamsUserId: "29:carla-zuid", slackUserId: U0CARLAZ, roles: [aftercare] }
      - { id: fleur, name: Fleur Zuid, teamsUserId: "29:fleur-zuid", slackUserId: U0FLEURZ, roles: [member] }
    firstResponse:
      rota: [anna]
`;

/** Writes the example team file plus KCC Zuid into `dir`; returns its path (for MELDEN_CONFIG). */
export function writeTwoTeamsConfig(dir: string): string {
  const file = join(dir, 'two-teams.yaml');
  writeFileSync(file, readFileSync(EXAMPLE_CONFIG, 'utf8').trimEnd() + '\n' + ZUID_TEAM);
  return file;
}
