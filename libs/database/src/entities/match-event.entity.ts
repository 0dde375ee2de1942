import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ACTOR_ROLES, ActorRole, MatchEventView, MATCH_STATUSES, MatchStatus } from '@app/contracts';

@Entity('match_events')
export class MatchEvent implements MatchEventView<Date> {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ type: 'int', unsigned: true })
  matchId: number;

  @Column({ type: 'enum', enum: MATCH_STATUSES, nullable: true })
  fromStatus: MatchStatus | null;

  @Column({ type: 'enum', enum: MATCH_STATUSES })
  toStatus: MatchStatus;

  @Column({ type: 'enum', enum: ACTOR_ROLES })
  actorRole: ActorRole;

  @Column({ type: 'int', unsigned: true, nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason: string | null;

  @CreateDateColumn({ precision: 3 })
  createdAt: Date;
}
