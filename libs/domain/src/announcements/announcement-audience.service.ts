import { AnnouncementAudience, ApplicantRole, MatchStatus } from '@app/contracts';
import { Match, MentorApplication, StudentApplication } from '@app/database';
import { Injectable } from '@nestjs/common';
import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { PairQueriesService } from '../pairs/pair-queries.service';

/** Someone an announcement goes to. */
export interface Addressee {
  role: ApplicantRole;
  applicationId: number;
}

/** A pair that formed and was not ended: active, or completed (结业). */
const PAIRED: MatchStatus[] = ['accepted', 'completed'];
/** A student with one of these is placed, or waiting on a mentor's answer: not someone a round still has to place. */
const PLACED: MatchStatus[] = ['proposed', 'accepted', 'completed'];

/** Whom of a role an audience takes, besides being approved: those who have (or have not) a match of these statuses. */
type RoleRule = { role: ApplicantRole; matches?: { have: boolean; statuses: MatchStatus[] } };

const RULES: Record<Exclude<AnnouncementAudience, 'at_risk'>, RoleRule[]> = {
  all: [{ role: 'mentor' }, { role: 'student' }],
  mentors: [{ role: 'mentor' }],
  students: [{ role: 'student' }],
  matched: [{ role: 'mentor', matches: { have: true, statuses: PAIRED } }, { role: 'student', matches: { have: true, statuses: PAIRED } }],
  unmatched: [{ role: 'student', matches: { have: false, statuses: PLACED } }],
};

/**
 * Who each audience of an announcement is (DESIGN §9): the one place that says it. Everyone is an approved application
 * of the cohort (never one submitted, rejected or withdrawn).
 * - `all`: every approved mentor and student; `mentors`, `students`: every approved one of that role.
 * - `matched`: mentors and students with a pair that formed and was not ended (a match accepted, or completed at 结业);
 *   a mentor whose every pair ended is no longer matched.
 * - `unmatched`: students a round may still place: no match proposed, accepted or completed (a declined, expired,
 *   cancelled or ended one leaves them unmatched). Mentors are never in it, and a student whose proposal awaits the
 *   mentor's answer is in neither `matched` nor `unmatched`.
 * - `at_risk`: both members of every active pair whose health is `at_risk` (pairHealth, read through the pairs table).
 * Mentors come first, then students, each by application id: the order the fan-out follows.
 */
@Injectable()
export class AnnouncementAudienceService {
  constructor(private readonly pairs: PairQueriesService) {}

  async of(manager: EntityManager, cohortId: number, audience: AnnouncementAudience): Promise<Addressee[]> {
    if (audience === 'at_risk') return this.atRisk(manager, cohortId);
    const people: Addressee[] = [];
    for (const rule of RULES[audience]) {
      const ids = await approvedIds(manager, cohortId, rule.role, (query) => {
        if (!rule.matches) return;
        const { have, statuses } = rule.matches;
        query.andWhere((outer) => `${have ? '' : 'NOT '}EXISTS ${outer.subQuery().select('1').from(Match, 'm')
          .where(`m.${rule.role}Id = a.id`).andWhere('m.status IN (:...statuses)').getQuery()}`, { statuses });
      });
      people.push(...ids.map((applicationId) => ({ role: rule.role, applicationId })));
    }
    return people;
  }

  private async atRisk(manager: EntityManager, cohortId: number): Promise<Addressee[]> {
    const pairs = await this.pairs.list(cohortId, 'at_risk');
    const people: Addressee[] = [];
    for (const role of ['mentor', 'student'] as const) {
      const members = [...new Set(pairs.map((pair) => pair[role].id))];
      if (members.length === 0) continue;
      const ids = await approvedIds(manager, cohortId, role, (query) => query.andWhere('a.id IN (:...members)', { members }));
      people.push(...ids.map((applicationId) => ({ role, applicationId })));
    }
    return people;
  }
}

async function approvedIds(manager: EntityManager, cohortId: number, role: ApplicantRole, narrow: (query: SelectQueryBuilder<ObjectLiteral>) => void): Promise<number[]> {
  const query = manager.createQueryBuilder(role === 'mentor' ? MentorApplication : StudentApplication, 'a')
    .select('a.id', 'id')
    .where('a.cohortId = :cohortId', { cohortId })
    .andWhere("a.status = 'approved'")
    .orderBy('a.id', 'ASC');
  narrow(query);
  return (await query.getRawMany<{ id: number | string }>()).map((row) => Number(row.id));
}
