import { CheckInsService } from '@app/domain';
import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { CheckInAnswerDto } from './pair.dto';

/**
 * The check-in links of the emails (DESIGN §7): the token in the path is the whole credential, good for one
 * check-in until its period ends. A GET only shows it (mail scanners open links); the POST records the answer.
 */
@ApiTags('check-ins')
@UseGuards(ThrottlerGuard)
@Controller('api/check-ins')
export class CheckInsController {
  constructor(private readonly checkIns: CheckInsService) {}

  @Get(':token')
  view(@Param('token') token: string) {
    return this.checkIns.view(token);
  }

  @Post(':token')
  @HttpCode(200)
  answer(@Param('token') token: string, @Body() body: CheckInAnswerDto) {
    return this.checkIns.answer(token, body.answer, body.note || null);
  }
}
