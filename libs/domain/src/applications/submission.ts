import { ApplicantRole, SubmittedApplication } from '@app/contracts';
import { Cohort, duplicateKeyOf, MentorApplication, StudentApplication } from '@app/database';
import { EntityManager } from 'typeorm';
import { ConflictError } from '../errors/domain-errors';
import { ApplicantTokensService } from '../identity/applicant-tokens.service';
import { Transaction } from '../messaging/outbox.service';
import { NotificationPolicy } from '../notifications/notification-policy';

type ApplicationEntity = typeof MentorApplication | typeof StudentApplication;
type Submitted<E extends ApplicationEntity> = Omit<InstanceType<E>, 'id' | 'reviewNote' | 'reviewedAt' | 'createdAt' | 'updatedAt' | 'anonymisedAt'>;

/**
 * What every submission does once its cohort is locked and its own rules hold: the application row, then (through
 * `afterInsert`) what hangs off it, the personal token and the 已收到申请 email. A duplicate becomes the 409 that
 * `duplicate` words for the unique key it hit.
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
    id = await insertRow(tx.manager, entity, values);
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

/**
 * One INSERT of the columns `values` sets, each value prepared as TypeORM would (JSON, booleans, transformers); returns
 * the new id. Not `save` (it reads the row's defaults back: a round trip per submission the answer does not need) nor
 * the query builder (building the statement cost more CPU than the database spent on it: bench:submissions).
 */
async function insertRow(manager: EntityManager, entity: ApplicationEntity, values: object): Promise<number> {
  const { tableName, columns } = manager.connection.getMetadata(entity);
  const set = columns.filter((column) => column.propertyName in values);
  const result: { insertId: number } = await manager.query(
    `INSERT INTO \`${tableName}\` (${set.map((column) => `\`${column.databaseName}\``).join(', ')}) VALUES (${set.map(() => '?').join(', ')})`,
    set.map((column) => manager.connection.driver.preparePersistentValue(column.getEntityValue(values), column)),
  );
  return Number(result.insertId);
}
