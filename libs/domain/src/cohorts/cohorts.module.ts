import { Module } from '@nestjs/common';
import { CohortsService } from './cohorts.service';

@Module({ providers: [CohortsService], exports: [CohortsService] })
export class CohortsModule {}
