/** Who is who: people and teams from the team configuration, looked up by their chat identities. */
import type { PersonConfig, Role, TeamConfig } from './people';

export interface PersonInTeam {
  person: PersonConfig;
  team: TeamConfig;
}

/** A person's place in the configuration: team order first, then the order of the team's people. */
interface Entry extends PersonInTeam {
  teamIndex: number;
  personIndex: number;
}

/**
 * The configuration does not change while the process runs, so every lookup by id is an index built on first use:
 * each message asks who sent it, and a contact centre's file lists thousands of people.
 */
export class Directory {
  private index?: {
    teams: Map<string, TeamConfig>;
    people: Map<string, PersonConfig>;
    byTeamsUser: Map<string, Entry[]>;
    byAadObject: Map<string, Entry[]>;
    bySlackUser: Map<string, Entry[]>;
  };

  constructor(readonly teams: readonly TeamConfig[]) {}

  team(id: string): TeamConfig | undefined {
    return this.indexed().teams.get(id);
  }

  /** The team an incident belongs to; an incident of a team that was removed from the config is an error. */
  teamOf(incident: { id: string; teamId: string }): TeamConfig {
    const team = this.team(incident.teamId);
    if (!team) throw new Error(`incident ${incident.id}: team ${incident.teamId} is no longer configured`);
    return team;
  }

  person(teamId: string, personId: string): PersonConfig | undefined {
    return this.indexed().people.get(`${teamId}\u0000${personId}`);
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
    const { byTeamsUser, byAadObject } = this.indexed();
    return firstPerTeam([...(userId ? (byTeamsUser.get(userId) ?? []) : []), ...(aadObjectId ? (byAadObject.get(aadObjectId) ?? []) : [])]);
  }

  slackMemberships(userId: string | undefined): PersonInTeam[] {
    return firstPerTeam(userId ? (this.indexed().bySlackUser.get(userId) ?? []) : []);
  }

  withRole(teamId: string, role: Role): PersonConfig[] {
    return this.team(teamId)?.people.filter((p) => p.roles.includes(role)) ?? [];
  }

  private indexed(): NonNullable<Directory['index']> {
    if (this.index) return this.index;
    const index = { teams: new Map<string, TeamConfig>(), people: new Map<string, PersonConfig>(), byTeamsUser: new Map<string, Entry[]>(), byAadObject: new Map<string, Entry[]>(), bySlackUser: new Map<string, Entry[]>() };
    const add = (map: Map<string, Entry[]>, key: string | undefined, entry: Entry) => {
      if (key) map.set(key, [...(map.get(key) ?? []), entry]);
    };
    this.teams.forEach((team, teamIndex) => {
      if (!index.teams.has(team.id)) index.teams.set(team.id, team);
      team.people.forEach((person, personIndex) => {
        const key = `${team.id}\u0000${person.id}`;
        if (!index.people.has(key)) index.people.set(key, person);
        const entry = { person, team, teamIndex, personIndex };
        add(index.byTeamsUser, person.teamsUserId, entry);
        add(index.byAadObject, person.aadObjectId, entry);
        add(index.bySlackUser, person.slackUserId, entry);
      });
    });
    return (this.index = index);
  }
}

/** Per team the first of its people that matched (as a search through each team's list would find), teams in order. */
function firstPerTeam(entries: Entry[]): PersonInTeam[] {
  const first = new Map<number, Entry>();
  for (const e of entries) {
    const known = first.get(e.teamIndex);
    if (!known || e.personIndex < known.personIndex) first.set(e.teamIndex, e);
  }
  return [...first.values()].sort((a, b) => a.teamIndex - b.teamIndex).map(({ person, team }) => ({ person, team }));
}
