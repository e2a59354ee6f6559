/** Who is who: people and teams from the team configuration, looked up by their chat identities. */
import type { PersonConfig, Role, TeamConfig } from '../config';

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
    return this.find((p) => (!!userId && p.teamsUserId === userId) || (!!aadObjectId && p.aadObjectId === aadObjectId));
  }

  bySlackUser(userId: string | undefined): PersonInTeam | undefined {
    return this.find((p) => !!userId && p.slackUserId === userId);
  }

  withRole(teamId: string, role: Role): PersonConfig[] {
    return this.team(teamId)?.people.filter((p) => p.roles.includes(role)) ?? [];
  }

  private find(match: (p: PersonConfig) => boolean): PersonInTeam | undefined {
    for (const team of this.teams) {
      const person = team.people.find(match);
      if (person) return { person, team };
    }
    return undefined;
  }
}
