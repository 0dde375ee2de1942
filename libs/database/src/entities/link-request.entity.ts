import { APPLICATION_LIMITS } from '@app/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A "resend my link" request the rate limits let through, waiting for the worker: it looks the address up and emails
 * the links, then deletes the row. So the API does the same for every address (it never looks one up), the job carries
 * only this id, and an address that never applied is kept only until its request is handled.
 */
@Entity('link_requests')
export class LinkRequest {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  /** Not a foreign key: a request for a cohort that does not exist is taken like any other. */
  @Column({ type: 'int', unsigned: true })
  cohortId: number;

  @Column({ type: 'varchar', length: APPLICATION_LIMITS.email.maxLength })
  email: string;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;
}
