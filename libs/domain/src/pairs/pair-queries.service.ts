import { AppConfig } from '@app/config';
import { CheckInAnswer, EndReason, PairHealth, PairMeetingOutline, PairRole, PairRow, PairStatus } from '@app/contracts';
import { Cohort, Match, PairMeetingRow } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { NotFoundError } from '../errors/domain-errors';
import { CsvLanguage, tableCsv, tableXlsx } from '../exports/table-export';
import { lastContactAt, pairHealth } from './pair-health';
import { PAIR_COLUMNS } from './pair-export';

interface PairRecord {
  matchId: number;
  status: PairStatus;
  acceptedAt: Date;
  endReason: EndReason | null;
  studentId: number;
  studentName: string;
  mentorId: number;
  mentorName: string;
  checkInEveryDays: number;
  meetings: number | string | null;
  minutes: number | string | null;
  lastMeetingOn: string | null;
  lastOnTrackAt: Date | null;
  needHelpOpen: number | string | null;
  lastAnswer: CheckInAnswer | null;
  lastAnsweredAt: Date | null;
  lastAnswerRole: PairRole | null;
}

/**
 * One statement for every pair of a cohort (or one pair): meetings and check-ins are aggregated per pair in derived
 * tables, the latest answer picked by a window function, so 10,000 pairs read as one pass over each table.
 */
export const PAIRS_SQL = (scope: 'cohort' | 'match') => `
SELECT m.id AS matchId, m.status, m.accepted_at AS acceptedAt, m.end_reason AS endReason,
  s.id AS studentId, s.name AS studentName, t.id AS mentorId, t.name AS mentorName, c.check_in_every_days AS checkInEveryDays,
  mt.meetings, mt.minutes, DATE_FORMAT(mt.last_held_on, '%Y-%m-%d') AS lastMeetingOn,
  ci.last_on_track_at AS lastOnTrackAt, ci.need_help_open AS needHelpOpen,
  la.answer AS lastAnswer, la.answered_at AS lastAnsweredAt, la.role AS lastAnswerRole
FROM matches m
JOIN cohorts c ON c.id = m.cohort_id
JOIN student_applications s ON s.id = m.student_id
JOIN mentor_applications t ON t.id = m.mentor_id
LEFT JOIN (
  SELECT pm.match_id, COUNT(*) AS meetings, SUM(pm.minutes) AS minutes, MAX(pm.held_on) AS last_held_on
  FROM pair_meetings pm JOIN matches mm ON mm.id = pm.match_id WHERE mm.${scope === 'cohort' ? 'cohort_id' : 'id'} = ?
  GROUP BY pm.match_id
) mt ON mt.match_id = m.id
LEFT JOIN (
  SELECT ck.match_id, MAX(IF(ck.answer = 'on_track', ck.answered_at, NULL)) AS last_on_track_at,
    MAX(ck.answer = 'need_help' AND ck.closes_at > ?) AS need_help_open
  FROM check_ins ck JOIN matches mm ON mm.id = ck.match_id WHERE mm.${scope === 'cohort' ? 'cohort_id' : 'id'} = ? AND ck.answer IS NOT NULL
  GROUP BY ck.match_id
) ci ON ci.match_id = m.id
LEFT JOIN (
  SELECT ranked.match_id, ranked.answer, ranked.answered_at, ranked.role FROM (
    SELECT ck.match_id, ck.answer, ck.answered_at, ck.role,
      ROW_NUMBER() OVER (PARTITION BY ck.match_id ORDER BY ck.answered_at DESC, ck.id DESC) AS position
    FROM check_ins ck JOIN matches mm ON mm.id = ck.match_id WHERE mm.${scope === 'cohort' ? 'cohort_id' : 'id'} = ? AND ck.answer IS NOT NULL
  ) ranked WHERE ranked.position = 1
) la ON la.match_id = m.id
WHERE m.${scope === 'cohort' ? 'cohort_id' : 'id'} = ? AND m.status IN ('accepted', 'ended', 'completed')
ORDER BY m.accepted_at DESC, m.id DESC`;

/** What coordinators see of the pairs (DESIGN §7): health and the figures of meetings, never what the pair wrote. */
@Injectable()
export class PairQueriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async list(cohortId: number, health?: PairHealth): Promise<PairRow<Date>[]> {
    const rows = await this.read('cohort', cohortId);
    if (rows.length === 0 && !(await this.dataSource.manager.existsBy(Cohort, { id: cohortId }))) throw new NotFoundError(`Cohort ${cohortId} not found`);
    return health ? rows.filter((row) => row.health === health) : rows;
  }

  async row(matchId: number): Promise<PairRow<Date>> {
    const [row] = await this.read('match', matchId);
    if (!row) throw new NotFoundError(`Pair ${matchId} not found`);
    return row;
  }

  /** Dates, modes and minutes of a pair's meetings; the summaries stay the pair's own. */
  async meetingOutlines(matchId: number): Promise<PairMeetingOutline[]> {
    const pair = await this.dataSource.manager.findOne(Match, { select: { id: true }, where: { id: matchId, status: In(['accepted', 'ended', 'completed']) } });
    if (!pair) throw new NotFoundError(`Pair ${matchId} not found`);
    const rows = await this.dataSource.manager.find(PairMeetingRow, {
      select: { id: true, heldOn: true, minutes: true, mode: true, loggedBy: true },
      where: { matchId },
      order: { heldOn: 'DESC', id: 'DESC' },
    });
    // Plain objects: an entity read with `select` still carries every other column as an undefined key, summary too.
    return rows.map(({ id, heldOn, minutes, mode, loggedBy }) => ({ id, heldOn, minutes, mode, loggedBy }));
  }

  async csv(cohortId: number, lang: CsvLanguage): Promise<string> {
    return tableCsv(PAIR_COLUMNS, await this.list(cohortId), lang);
  }

  async xlsx(cohortId: number, lang: CsvLanguage): Promise<Buffer> {
    return tableXlsx(lang === 'en' ? 'Pairs' : '师友关系', PAIR_COLUMNS, await this.list(cohortId), lang);
  }

  private async read(scope: 'cohort' | 'match', id: number): Promise<PairRow<Date>[]> {
    const now = new Date();
    const records = await this.dataSource.query<PairRecord[]>(PAIRS_SQL(scope), [id, now, id, id, id]);
    return records.map((record) => {
      const signals = {
        status: record.status,
        acceptedAt: record.acceptedAt,
        lastMeetingOn: record.lastMeetingOn,
        lastOnTrackAt: record.lastOnTrackAt,
        needHelpOpen: Number(record.needHelpOpen ?? 0) === 1,
      };
      return {
        matchId: record.matchId,
        status: record.status,
        student: { id: record.studentId, name: record.studentName },
        mentor: { id: record.mentorId, name: record.mentorName },
        acceptedAt: record.acceptedAt,
        meetings: Number(record.meetings ?? 0),
        minutes: Number(record.minutes ?? 0),
        lastMeetingOn: record.lastMeetingOn,
        lastCheckIn: record.lastAnswer ? { answer: record.lastAnswer, at: record.lastAnsweredAt!, role: record.lastAnswerRole! } : null,
        lastContactAt: lastContactAt(signals),
        health: pairHealth(signals, record.checkInEveryDays, now, this.config.CHECK_IN_DAY_MS),
        endReason: record.endReason,
      };
    });
  }
}
