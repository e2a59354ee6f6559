/** Who is who: people and teams from the team configuration, looked up by their chat identities. */
import type { PersonConfig, Role, TeamConfig } from './people';

export interface PersonInTeam {
  person: PersonConfig;
  team: TeamConfig;
}

export class Directory {
  constructor(readonly teams: readonly TeamConfig[]) {}

  team(id: string): TeamConfig | undefined {
    return this.teams.find((t) => t.id === id);
  }

  /** The team an incident belongs to; an incident of a team that was removed from the config is an error. */
  teamOf(incident: { id: string; teamId: string }): TeamConfig {
    const team = this.team(incident.teamId);
    if (!team) throw new Error(`incident ${incident.id}: team ${incident.teamId} is no longer configured`);
    return team;
  }

  person(teamId: string, personId: string): PersonConfig | undefined {
    return this.team(teamId)?.people.find((p) => p.id === personId);
  }

  /** The first team that lists this Teams user (by channel user id or Entra object id). */
  byTeamsUser(userId: string | undefined, aadObjectId?: string): PersonInTeam | undefined {
    return this.teamsMemberships(userId, aadObjectId)[0];
  }

  bySlackUser(userId: string | undefined): PersonInTeam | undefined {
    return this.slackMemberships(userId)[0];
  }

  /**
   * Every team that lists this Teams user: a person may be in several (a lead of two teams). The config refuses
   * one chat user id for two different person ids, so these are one person. Access per incident: access.ts.
   */
  teamsMemberships(userId: string | undefined, aadObjectId?: string): PersonInTeam[] {
    return this.all((p) => (!!userId && p.teamsUserId === userId) || (!!aadObjectId && p.aadObjectId === aadObjectId));
  }

  slackMemberships(userId: string | undefined): PersonInTeam[] {
    return this.all((p) => !!userId && p.slackUserId === userId);
  }

  withRole(teamId: string, role: Role): PersonConfig[] {
    return this.team(teamId)?.people.filter((p) => p.roles.includes(role)) ?? [];
  }

  private all(match: (p: PersonConfig) => boolean): PersonInTeam[] {
    const found: PersonInTeam[] = [];
    for (const team of this.teams) {
      const person = team.people.find(match);
      if (person) found.push({ person, team });
    }
    return found;
  }
}
