import { APPLICANT_ROLES, ApplicantRole, SURVEY_AUDIENCES, SurveyAnswer, SurveyAudience, SurveyQuestion, SurveyText } from '@app/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('surveys')
export class Survey {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  cohortId: number;

  @Column({ type: 'json' })
  title: SurveyText;

  @Column({ type: 'enum', enum: SURVEY_AUDIENCES })
  audience: SurveyAudience;

  @Column({ type: 'datetime', precision: 3 })
  closesAt: Date;

  @Column({ type: 'json' })
  questions: SurveyQuestion[];

  /** `closed` is not stored: a published survey closes at `closesAt`. */
  @Column({ type: 'enum', enum: ['draft', 'published'], default: 'draft' })
  status: 'draft' | 'published';

  @Column({ type: 'datetime', precision: 3, nullable: true })
  publishedAt: Date | null;

  /** When the reminder was recorded (once; null before). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  remindedAt: Date | null;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ precision: 3 })
  updatedAt: Date;
}

/** Someone of the audience with a pair when the survey was published. */
@Entity('survey_invitations')
export class SurveyInvitation {
  @PrimaryColumn({ type: 'int', unsigned: true })
  surveyId: number;

  @PrimaryColumn({ type: 'enum', enum: APPLICANT_ROLES })
  role: ApplicantRole;

  @PrimaryColumn({ type: 'int', unsigned: true })
  applicationId: number;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;
}

@Entity('survey_responses')
export class SurveyResponse {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  surveyId: number;

  @Column({ type: 'enum', enum: APPLICANT_ROLES })
  role: ApplicantRole;

  @Column({ type: 'int', unsigned: true })
  applicationId: number;

  @Column({ type: 'json' })
  answers: Record<string, SurveyAnswer>;

  /** The respondent lets coordinators see their name beside their text answers. */
  @Column({ type: 'boolean', default: false })
  shareName: boolean;

  @CreateDateColumn({ precision: 3 })
  submittedAt: Date;

  @UpdateDateColumn({ precision: 3 })
  updatedAt: Date;
}
