import { SubmittedApplication } from '@app/contracts';
import { StudentApplication, StudentChoice } from '@app/database';
import { Injectable } from '@nestjs/common';
import { CohortsService } from '../cohorts/cohorts.service';
import { assertEligible } from '../cohorts/eligibility';
import { ConflictError, NotFoundError } from '../errors/domain-errors';
import { ApplicantTokensService } from '../identity/applicant-tokens.service';
import { OutboxService } from '../messaging/outbox.service';
import { NotificationPolicy } from '../notifications/notification-policy';
import { normalizeEmail, StudentApplicationInput } from './application-inputs';
import { assertChoicesFit, writeChoices } from './choices';
import { recordSubmission } from './submission';

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
    private readonly notify: NotificationPolicy,
  ) {}

  submit(cohortId: number, input: StudentApplicationInput): Promise<SubmittedApplication> {
    const { choices, ...fields } = input;
    const email = normalizeEmail(input.email);
    const studentNumber = input.studentNumber.trim();
    return this.outbox.transaction(async (tx) => {
      const cohort = await this.cohorts.lockForApplications(tx.manager, cohortId);
      assertEligible(cohort, input);
      assertChoicesFit(cohort, choices);
      return recordSubmission({ tokens: this.tokens, notify: this.notify }, tx, cohort, 'student', StudentApplication, { ...fields, email, studentNumber, cohortId, status: 'submitted' }, (key) => {
        const field = DUPLICATE_FIELD[key] ?? 'email';
        return new ConflictError(`${field}: ${field === 'email' ? email : studentNumber} has already applied to this cohort`, 'already_applied', [{ field, rule: 'unique' }]);
      }, (id) => writeChoices(tx.manager, { id, cohortId }, choices));
    });
  }

  /** Replaces a student's ranked choices while the cohort is open. */
  async replaceChoices(studentId: number, choices: number[]): Promise<number[]> {
    return this.outbox.transaction(async (tx) => {
      const student = await tx.manager.findOne(StudentApplication, { where: { id: studentId }, lock: { mode: 'pessimistic_write' } });
      if (!student) throw new NotFoundError('This application no longer exists');
      if (student.status === 'withdrawn' || student.status === 'rejected') {
        throw new ConflictError(`Your application is ${student.status}; choices can no longer change`, 'choices_locked');
      }
      const cohort = await this.cohorts.lockForApplications(tx.manager, student.cohortId);
      assertChoicesFit(cohort, choices);
      await tx.manager.delete(StudentChoice, { studentId });
      await writeChoices(tx.manager, student, choices);
      return choices;
    });
  }
}
