import { Cohort, MentorApplication, StudentApplication, StudentChoice } from '@app/database';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { CohortsService } from '../cohorts/cohorts.service';
import { duplicateKeyOf } from '../common/errors';
import { NotificationsService } from '../notifications/notifications.service';
import { OutboxService } from '../outbox/outbox.service';
import { ApplicantTokensService } from './applicant-tokens.service';
import { normalizeEmail, StudentApplicationInput, SubmittedApplication } from './application-inputs';

const DUPLICATE_FIELD: Record<string, string> = {
  uq_student_cohort_email: 'email',
  uq_student_cohort_number: 'studentNumber',
};

@Injectable()
export class StudentApplicationsService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly cohorts: CohortsService,
    private readonly tokens: ApplicantTokensService,
    private readonly notifications: NotificationsService,
  ) {}

  submit(cohortId: number, input: StudentApplicationInput): Promise<SubmittedApplication> {
    return this.outbox.transaction(async (tx) => {
      const cohort = await this.cohorts.lockOpen(tx.manager, cohortId);
      const { choices, ...fields } = input;
      await assertValidChoices(tx.manager, cohort, choices);
      const email = normalizeEmail(input.email);
      let student: StudentApplication;
      try {
        student = await tx.manager.save(tx.manager.create(StudentApplication, { ...fields, email, studentNumber: input.studentNumber.trim(), cohortId, status: 'submitted' }));
      } catch (error) {
        const key = duplicateKeyOf(error);
        if (key) {
          const field = DUPLICATE_FIELD[key] ?? 'email';
          throw new ConflictException(`${field}: ${field === 'email' ? email : input.studentNumber} has already applied to this cohort`);
        }
        throw error;
      }
      await writeChoices(tx.manager, student, choices);
      const accessToken = await this.tokens.mint(tx.manager, { role: 'student', applicationId: student.id });
      await this.notifications.record(tx, {
        type: 'application_received', cohortId, cohortName: cohort.name, role: 'student', applicationId: student.id,
        recipient: { email, name: student.name },
      });
      return { id: student.id, status: student.status, accessToken };
    });
  }

  /** Replaces a student's ranked choices while the cohort is open. */
  async replaceChoices(studentId: number, choices: number[]): Promise<number[]> {
    return this.outbox.transaction(async (tx) => {
      const student = await tx.manager.findOne(StudentApplication, { where: { id: studentId }, lock: { mode: 'pessimistic_write' } });
      if (!student) throw new NotFoundException('This application no longer exists');
      if (student.status === 'withdrawn' || student.status === 'rejected') {
        throw new ConflictException(`Your application is ${student.status}; choices can no longer change`);
      }
      const cohort = await this.cohorts.lockOpen(tx.manager, student.cohortId);
      await assertValidChoices(tx.manager, cohort, choices);
      await tx.manager.delete(StudentChoice, { studentId });
      await writeChoices(tx.manager, student, choices);
      return choices;
    });
  }
}

async function assertValidChoices(manager: EntityManager, cohort: Cohort, choices: number[]): Promise<void> {
  if (new Set(choices).size !== choices.length) throw new BadRequestException(['choices must not repeat a mentor']);
  if (choices.length > cohort.maxChoices) throw new BadRequestException([`choices may list at most ${cohort.maxChoices} mentors in this cohort`]);
  if (choices.length === 0) return;
  const approved = await manager.find(MentorApplication, {
    select: { id: true },
    where: { cohortId: cohort.id, status: 'approved', id: In(choices) },
  });
  const approvedIds = new Set(approved.map((mentor) => mentor.id));
  const invalid = choices.filter((id) => !approvedIds.has(id));
  if (invalid.length > 0) throw new BadRequestException([`choices must be approved mentors of this cohort (not: ${invalid.join(', ')})`]);
}

async function writeChoices(manager: EntityManager, student: StudentApplication, choices: number[]): Promise<void> {
  if (choices.length === 0) return;
  await manager.insert(
    StudentChoice,
    choices.map((mentorId, index) => ({ studentId: student.id, cohortId: student.cohortId, mentorId, rank: index + 1 })),
  );
}
