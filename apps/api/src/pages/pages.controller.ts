import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { sendAppShell } from './app-shell';

/**
 * The web app's URLs (apps/web): each answers the same shell, whose router shows the page. Any other GET that
 * asks for HTML gets the shell with a 404 from the exception filter, so a mistyped address shows a page too.
 */
@ApiExcludeController()
@Controller()
export class PagesController {
  @Get(['', 'cohorts/:cohortId/apply/student', 'cohorts/:cohortId/apply/mentor', 'check-in', 'me', 'admin', 'admin/sign-in'])
  page(@Res() response: Response): void {
    sendAppShell(response, 200);
  }
}
