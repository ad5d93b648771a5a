import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { DubanConfig } from '@duban/config';
import type { Request, Response } from 'express';
import { CONFIG } from '../tokens';
import { clearSessionCookies, refreshTokenFromCookie, setSessionCookies } from './auth-cookies';
import { AuthService } from './auth.service';
import { AllowedBeforePasswordChange, Me, OpenToAdministrators, Public, type CurrentPerson } from './current-person';
import { ChangePasswordDto, RefreshDto, SignedOutResponse, SignInDto, TokensResponse } from './dto';

@ApiTags('auth')
@OpenToAdministrators()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(CONFIG) private readonly config: DubanConfig,
  ) {}

  /** With `cookie: true` (the console) the refresh token is set as an HttpOnly cookie and left out of the answer. */
  @Public()
  @Post('sign-in')
  @HttpCode(200)
  async signIn(@Body() dto: SignInDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<TokensResponse> {
    const issued = await this.auth.signIn(dto.username, dto.password, { address: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null });
    return this.answer(issued, dto.cookie === true, res);
  }

  /** Each refresh token works once: the answer carries the next one (or sets it as the cookie it came in). */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  async refresh(@Body() dto: RefreshDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<TokensResponse> {
    const fromCookie = dto.refreshToken ? undefined : refreshTokenFromCookie(req);
    const token = dto.refreshToken ?? fromCookie;
    if (!token) throw new UnauthorizedException('no refresh token: send it in the body, or sign in again');
    try {
      return this.answer(await this.auth.refresh(token), fromCookie !== undefined, res);
    } catch (err) {
      if (fromCookie) clearSessionCookies(res);
      throw err;
    }
  }

  /**
   * Ends the session named by the bearer access token (even an expired one), the refresh token in the body, or the
   * refresh cookie (with its CSRF header); clears the cookies. Answers 200 also when the session had ended already.
   */
  @Public()
  @Post('sign-out')
  @HttpCode(200)
  async signOut(@Body() dto: RefreshDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SignedOutResponse> {
    const header = req.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? await this.auth.sessionOf(header.slice(7)) : null;
    const refreshToken = dto.refreshToken ?? refreshTokenFromCookie(req);
    clearSessionCookies(res);
    if (bearer) return { ended: await this.auth.signOut(bearer.sessionId, bearer.personId) };
    if (refreshToken) {
      const session = await this.auth.sessionOfRefreshToken(refreshToken);
      return { ended: session ? await this.auth.signOut(session.sessionId, session.personId) : 0 };
    }
    throw new UnauthorizedException('say which session to end: a Bearer access token, a refresh token, or the refresh cookie');
  }

  /** Ends every session of the signed-in person, this one included. */
  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @Post('sign-out-everywhere')
  @HttpCode(200)
  async signOutEverywhere(@Me() me: CurrentPerson, @Res({ passthrough: true }) res: Response): Promise<SignedOutResponse> {
    clearSessionCookies(res);
    return { ended: await this.auth.signOutEverywhere(me.id) };
  }

  /** Changes the signed-in person's password; their other sessions end, this one goes on. */
  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @Post('password')
  @HttpCode(200)
  async changePassword(@Body() dto: ChangePasswordDto, @Me() me: CurrentPerson): Promise<{ changed: true }> {
    await this.auth.changePassword({ personId: me.id, username: me.username, sessionId: me.sessionId, ...dto });
    return { changed: true };
  }

  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @Get('me')
  me(@Me() me: CurrentPerson): CurrentPerson {
    return me;
  }

  private answer(issued: { accessToken: string; refreshToken: string; expiresIn: number }, cookie: boolean, res: Response): TokensResponse {
    if (!cookie) return issued;
    setSessionCookies(res, issued.refreshToken, this.config.auth.session.absoluteSeconds);
    return { accessToken: issued.accessToken, expiresIn: issued.expiresIn };
  }
}
