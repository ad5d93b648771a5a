import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { DashboardAppService } from './dashboard.service';

@Module({ controllers: [DashboardController], providers: [DashboardAppService] })
export class DashboardModule {}
