import { Module } from '@nestjs/common';
import { AdminController, AuditAdminController, SecurityAdminController } from './admin.controller';
import { AdminService } from './admin.service';

@Module({ controllers: [AdminController, SecurityAdminController, AuditAdminController], providers: [AdminService] })
export class AdminModule {}
