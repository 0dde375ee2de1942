import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The exact engine input of a round, kept apart from the round row so listing rounds stays light. */
@Entity('round_instances')
export class RoundInstance {
  @PrimaryColumn({ type: 'int', unsigned: true })
  roundId: number;

  @Column({ type: 'longtext' })
  instance: string;
}
