import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The exact engine input of a round (its JSON), kept apart from the round row so listing rounds stays light; in parts
 * numbered from 0, each small enough for one packet, whose texts in order make the JSON.
 */
@Entity('round_instances')
export class RoundInstance {
  @PrimaryColumn({ type: 'int', unsigned: true })
  roundId: number;

  @PrimaryColumn({ type: 'smallint', unsigned: true })
  part: number;

  @Column({ type: 'longtext' })
  instance: string;
}
