import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { MATCH_STATUSES, MatchStatus } from './match.entity';

export const ACTOR_ROLES = ['system', 'coordinator', 'mentor', 'student'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

@Entity('match_events')
@Index(['matchId', 'id'])
export class MatchEvent {
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
