import { SIGN_IN_LIMITS } from '@app/contracts';
import { Staff } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { OutboxService } from '../messaging/outbox.service';
import { RateLimiter } from '../messaging/rate-limiter.service';
import { NotificationPolicy } from '../notifications/notification-policy';

/**
 * `POST /api/auth/sign-in`: the same answer for every address. Within the limits, an enabled staff member's address
 * gets an email with a one-time sign-in link (minted when it is sent, so its 15 minutes start then).
 */
@Injectable()
export class SignInService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly limiter: RateLimiter,
    private readonly policy: NotificationPolicy,
  ) {}

  /** `client` is the caller's IP address. Over a limit, or while Redis cannot count, nothing is sent, and nothing says so. */
  async request(email: string, client: string): Promise<void> {
    const address = email.trim().toLowerCase();
    const allowed = await this.limiter.admits('sign-in', [
      { key: `sign-in:client:${client}`, limit: SIGN_IN_LIMITS.perClient },
      { key: `sign-in:address:${createHash('sha256').update(address).digest('hex')}`, limit: SIGN_IN_LIMITS.perAddress },
    ]);
    if (!allowed) return;
    const staff = await this.dataSource.manager.findOneBy(Staff, { email: address, disabledAt: IsNull() });
    if (!staff) return;
    await this.outbox.transaction((tx) => this.policy.signInRequested(tx, staff, randomUUID()));
  }
}
