import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import type { DubanConfig } from '@duban/config';
import { CONFIG } from '../tokens';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { SignInThrottlerGuard } from './sign-in-throttler.guard';

@Module({
  imports: [
    ThrottlerModule.forRoot([{ name: 'sign-in', ttl: 60_000, limit: 10 }]),
    JwtModule.registerAsync({ inject: [CONFIG], useFactory: (config: DubanConfig) => ({ secret: config.jwtSecret }) }),
  ],
  controllers: [AuthController],
  providers: [AuthService, SignInThrottlerGuard, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
