import { ApplicantRole, ApplicationStatus, MentorApplication, StudentApplication } from '@app/database';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CohortsService } from '../cohorts/cohorts.service';
import { ReviewDecision } from './application-inputs';

const ENTITY = { mentor: MentorApplication, student: StudentApplication } as const;
type ApplicationOf<R extends ApplicantRole> = InstanceType<(typeof ENTITY)[R]>;

/** Coordinators' view of both kinds of application: listing with full details, and bulk review. */
@Injectable()
export class ApplicationReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cohorts: CohortsService,
  ) {}

  async list<R extends ApplicantRole>(role: R, cohortId: number, status?: ApplicationStatus): Promise<ApplicationOf<R>[]> {
    await this.cohorts.get(cohortId);
    const repository = this.dataSource.getRepository<ApplicationOf<R>>(ENTITY[role]);
    return repository.find({
      where: { cohortId, ...(status && { status }) } as never,
      relations: role === 'student' ? { choices: true } as never : undefined,
      order: { id: 'ASC' } as never,
    });
  }

  /** All or nothing: an unknown id is 404, a withdrawn application is 409, and then nothing changes. */
  async review(role: ApplicantRole, cohortId: number, decision: ReviewDecision): Promise<{ updated: number }> {
    await this.cohorts.get(cohortId);
    const ids = [...new Set(decision.ids)];
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<{ id: number; status: ApplicationStatus }> = await manager.find(ENTITY[role], {
        select: { id: true, status: true },
        where: { cohortId, id: In(ids) },
        lock: { mode: 'pessimistic_write' },
      });
      const found = new Set(rows.map((row) => row.id));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length > 0) throw new NotFoundException(`ids: no ${role} application ${missing.join(', ')} in cohort ${cohortId}`);
      const withdrawn = rows.filter((row) => row.status === 'withdrawn').map((row) => row.id);
      if (withdrawn.length > 0) throw new ConflictException(`ids: application ${withdrawn.join(', ')} was withdrawn by the applicant`);
      await manager.update(ENTITY[role], { cohortId, id: In(ids) }, {
        status: decision.decision,
        reviewNote: decision.note ?? null,
        reviewedAt: new Date(),
      });
      return { updated: ids.length };
    });
  }
}
