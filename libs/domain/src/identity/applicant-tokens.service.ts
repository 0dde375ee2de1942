import { ApplicantRole } from '@app/contracts';
import { APPLICATION_ENTITY, ApplicantToken } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { generateToken, hashToken, tokenKind } from './tokens';

export interface ApplicantIdentity {
  role: ApplicantRole;
  applicationId: number;
}

@Injectable()
export class ApplicantTokensService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Creates a personal token for an applicant; only its hash is stored, the token itself is returned once. */
  async mint(manager: EntityManager, identity: ApplicantIdentity): Promise<string> {
    return (await this.mintEach(manager, [identity]))[0];
  }

  /** A token each, in one statement: the sender mints one per email, for all the emails it is sending at once. */
  async mintEach(manager: EntityManager, identities: ApplicantIdentity[]): Promise<string[]> {
    const tokens = identities.map((identity) => generateToken(identity.role));
    // Raw SQL: minted once per email sent, where the query builder's overhead showed in the notifications benchmark.
    await manager.query(`INSERT INTO applicant_tokens (role, application_id, token_hash) VALUES ${identities.map(() => '(?, ?, ?)').join(', ')}`,
      identities.flatMap((identity, index) => [identity.role, identity.applicationId, hashToken(tokens[index])]));
    return tokens;
  }

  /**
   * The applicant a token stands for, in every status of the application and its cohort; null for a token we never
   * minted, and once its application is anonymised (an erase, retention, a purge: DESIGN §10), whatever tokens it had
   * and whatever link was minted since.
   */
  async identify(token: string): Promise<ApplicantIdentity | null> {
    const kind = tokenKind(token);
    if (kind !== 'mentor' && kind !== 'student') return null;
    const row = await this.dataSource.manager.createQueryBuilder(ApplicantToken, 'token')
      .innerJoin(APPLICATION_ENTITY[kind], 'application', 'application.id = token.applicationId AND application.anonymisedAt IS NULL')
      .select('token.applicationId', 'applicationId')
      .where('token.tokenHash = :tokenHash AND token.role = :role', { tokenHash: hashToken(token), role: kind })
      .getRawOne<{ applicationId: number | string }>();
    return row ? { role: kind, applicationId: Number(row.applicationId) } : null;
  }
}
