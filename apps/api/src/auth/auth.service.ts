import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { PersonService, type Person } from '@duban/domain';
import * as argon2 from 'argon2';
import type { TokensResponse } from './dto';

const ACCESS_SECONDS = 15 * 60;
const REFRESH_SECONDS = 7 * 24 * 3600;

@Injectable()
export class AuthService {
  constructor(
    private readonly people: PersonService,
    private readonly jwt: JwtService,
  ) {}

  async signIn(username: string, password: string): Promise<TokensResponse> {
    const person = await this.people.findWithPassword(username);
    // Same answer for an unknown user and a wrong password: sign-in does not reveal who exists.
    if (!person || !(await argon2.verify(person.passwordHash, password))) throw new UnauthorizedException('wrong username or password');
    return this.issue(person);
  }

  async refresh(refreshToken: string): Promise<TokensResponse> {
    let claims: { sub: string; typ: string };
    try {
      claims = await this.jwt.verifyAsync(refreshToken);
    } catch {
      throw new UnauthorizedException('the refresh token is invalid or has expired');
    }
    const person = claims.typ === 'refresh' ? await this.people.findById(claims.sub) : null;
    if (!person) throw new UnauthorizedException('the refresh token is invalid or has expired');
    return this.issue(person);
  }

  private async issue(person: Person): Promise<TokensResponse> {
    const claims = { sub: person.id, username: person.username, role: person.role, unitId: person.unitId };
    return {
      accessToken: await this.jwt.signAsync({ ...claims, typ: 'access' }, { expiresIn: ACCESS_SECONDS }),
      refreshToken: await this.jwt.signAsync({ sub: person.id, typ: 'refresh' }, { expiresIn: REFRESH_SECONDS }),
      expiresIn: ACCESS_SECONDS,
    };
  }
}
