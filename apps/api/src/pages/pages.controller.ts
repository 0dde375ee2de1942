import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { join } from 'node:path';
import { PUBLIC_DIR } from './public-dir';

/** The phone-first web pages; each is a static HTML shell whose script talks to the JSON API. */
@ApiExcludeController()
@Controller()
export class PagesController {
  @Get()
  home(@Res() response: Response) {
    this.page(response, 'index.html');
  }

  @Get('cohorts/:cohortId/apply/student')
  studentForm(@Res() response: Response) {
    this.page(response, 'apply-student.html');
  }

  @Get('cohorts/:cohortId/apply/mentor')
  mentorForm(@Res() response: Response) {
    this.page(response, 'apply-mentor.html');
  }

  @Get('me')
  personalPage(@Res() response: Response) {
    this.page(response, 'me.html');
  }

  @Get('admin')
  dashboard(@Res() response: Response) {
    this.page(response, 'admin.html');
  }

  private page(response: Response, file: string): void {
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(join(PUBLIC_DIR, file));
  }
}
