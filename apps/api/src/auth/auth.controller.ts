import { AppConfig } from '@app/config';
import { CreatedPersonalToken, PersonalTokenView, StaffMe } from '@app/contracts';
import { CoordinatorIdentity, CoordinatorsService, PersonalTokensService, SignInService, StaffSessionsService } from '@app/domain';
import {
  Body, Controller, Delete, ForbiddenException, Get, HttpCode, Ip, Param, Post, Req, Res, UnauthorizedException, UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Audit } from '../audit/audit.decorator';
import { IdPipe } from '../common/id.pipe';
import { PersonalTokenDto, SessionDto, SignInDto } from './auth.dto';
import { CoordinatorGuard, CurrentCoordinator } from './coordinator.guard';
import { clearSessionCookie, isForeignWrite, sessionToken, setSessionCookie } from './session-cookie';

const meOf = ({ id, name, email, role, cohortIds }: CoordinatorIdentity): StaffMe => ({ id, name, email, role, cohortIds });

/** Staff sign-in by emailed link, the console's session, and personal API tokens (DESIGN §10). */
@ApiTags('staff: sign-in')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly signIn: SignInService,
    private readonly sessions: StaffSessionsService,
    private readonly coordinators: CoordinatorsService,
    private readonly tokens: PersonalTokensService,
    private readonly config: AppConfig,
  ) {}

  /** 202 and the same empty answer for every address, over the rate limits too: nothing tells whether it is staff. */
  @Post('sign-in')
  @HttpCode(202)
  async requestLink(@Body() body: SignInDto, @Ip() client: string): Promise<Record<string, never>> {
    await this.signIn.request(body.email, client);
    return {};
  }

  /** Exchanges a sign-in link's token (once, within 15 minutes) for the session cookie; from the app's own pages only. */
  @Post('session')
  @HttpCode(200)
  async startSession(@Body() body: SessionDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<StaffMe> {
    if (isForeignWrite(request, this.config.PUBLIC_URL)) throw new ForbiddenException('Sign in from the app itself (Origin)');
    const session = await this.sessions.startSession(body.token);
    const coordinator = session && (await this.coordinators.identifySession(session));
    if (!session || !coordinator) throw new UnauthorizedException('This sign-in link has been used or has expired: ask for a new one');
    setSessionCookie(response, session, this.config.PUBLIC_URL);
    return meOf(coordinator);
  }

  /** Ends the session of the cookie (if any) and clears it. */
  @Post('sign-out')
  @HttpCode(200)
  async signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<Record<string, never>> {
    const session = sessionToken(request);
    if (session) {
      if (isForeignWrite(request, this.config.PUBLIC_URL)) throw new ForbiddenException('A write with the session cookie must come from the app itself (Origin)');
      await this.sessions.endSession(session);
    }
    clearSessionCookie(response, this.config.PUBLIC_URL);
    return {};
  }

  @Get('me')
  @ApiBearerAuth()
  @UseGuards(CoordinatorGuard)
  me(@CurrentCoordinator() coordinator: CoordinatorIdentity): StaffMe {
    return meOf(coordinator);
  }

  /** A new personal API token, shown in this answer only. */
  @Post('tokens')
  @Audit('create_token')
  @ApiBearerAuth()
  @UseGuards(CoordinatorGuard)
  createToken(@CurrentCoordinator() coordinator: CoordinatorIdentity, @Body() body: PersonalTokenDto): Promise<CreatedPersonalToken<Date>> {
    return this.tokens.create(coordinator, body.label);
  }

  @Get('tokens')
  @ApiBearerAuth()
  @UseGuards(CoordinatorGuard)
  listTokens(@CurrentCoordinator() coordinator: CoordinatorIdentity): Promise<PersonalTokenView<Date>[]> {
    return this.tokens.list(coordinator);
  }

  @Delete('tokens/:tokenId')
  @Audit('revoke_token')
  @HttpCode(204)
  @ApiBearerAuth()
  @UseGuards(CoordinatorGuard)
  revokeToken(@CurrentCoordinator() coordinator: CoordinatorIdentity, @Param('tokenId', IdPipe) tokenId: number): Promise<void> {
    return this.tokens.revoke(coordinator, tokenId);
  }
}
