import { ApplicantRole, SubmittedApplication } from '@app/contracts';
import { Cohort, duplicateKeyOf, MentorApplication, StudentApplication } from '@app/database';
import { ConflictError } from '../errors/domain-errors';
import { ApplicantTokensService } from '../identity/applicant-tokens.service';
import { Transaction } from '../messaging/outbox.service';
import { NotificationPolicy } from '../notifications/notification-policy';

type ApplicationEntity = typeof MentorApplication | typeof StudentApplication;
type Submitted<E extends ApplicationEntity> = Omit<InstanceType<E>, 'id' | 'reviewNote' | 'reviewedAt' | 'createdAt' | 'updatedAt'>;

/**
 * What every submission does once its cohort is locked and its own rules hold: the application row, then (through
 * `afterInsert`) what hangs off it, the personal token and the 已收到申请 email. A duplicate becomes the 409 that
 * `duplicate` words for the unique key it hit. The row is inserted without TypeORM's read-back of its defaults, which
 * is nothing the answer needs and a round trip per submission.
 */
export async function recordSubmission<E extends ApplicationEntity>(
  deps: { tokens: ApplicantTokensService; notify: NotificationPolicy },
  tx: Transaction,
  cohort: Cohort,
  role: ApplicantRole,
  entity: E,
  values: Submitted<E>,
  duplicate: (key: string) => ConflictError,
  afterInsert: (id: number) => Promise<void> = async () => undefined,
): Promise<SubmittedApplication> {
  let id: number;
  try {
    const result = await tx.manager.createQueryBuilder().insert().into(entity).values(values as never).updateEntity(false).execute();
    id = Number((result.raw as { insertId: number }).insertId);
  } catch (error) {
    const key = duplicateKeyOf(error);
    if (key) throw duplicate(key);
    throw error;
  }
  await afterInsert(id);
  const accessToken = await deps.tokens.mint(tx.manager, { role, applicationId: id });
  await deps.notify.applicationReceived(tx, cohort, role, { id, name: values.name, email: values.email });
  return { id, status: values.status, accessToken };
}
