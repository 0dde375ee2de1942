import { CheckInToken } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { generateToken, hashToken, tokenKind } from './tokens';

/**
 * The single-purpose tokens of check-in links: each answers one check-in and nothing else. Minted per email sent,
 * as personal links are, and stored only as a hash; how long one answers is its check-in's business (it closes).
 */
@Injectable()
export class CheckInTokensService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async mint(manager: EntityManager, checkInId: number): Promise<string> {
    return (await this.mintEach(manager, [checkInId]))[0];
  }

  /** A token each, in one statement: the sender mints one per email, for all the emails it is sending at once. */
  async mintEach(manager: EntityManager, checkInIds: number[]): Promise<string[]> {
    const tokens = checkInIds.map(() => generateToken('check_in'));
    await manager.query(`INSERT INTO check_in_tokens (token_hash, check_in_id) VALUES ${checkInIds.map(() => '(?, ?)').join(', ')}`,
      checkInIds.flatMap((checkInId, index) => [hashToken(tokens[index]), checkInId]));
    return tokens;
  }

  /** The check-in a token answers, or null for anything that is not a check-in token we minted. */
  async checkInOf(token: string): Promise<number | null> {
    if (tokenKind(token) !== 'check_in') return null;
    const row = await this.dataSource.manager.findOneBy(CheckInToken, { tokenHash: hashToken(token) });
    return row?.checkInId ?? null;
  }
}
