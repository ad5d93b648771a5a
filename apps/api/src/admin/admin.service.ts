import { Injectable } from '@nestjs/common';
import { DirectoryAdminService, type Person } from '@duban/domain';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import type { CreatePersonDto } from './dto';

@Injectable()
export class AdminService {
  constructor(private readonly directory: DirectoryAdminService) {}

  /** A new person gets a random initial password, shown once in this answer; only its argon2 hash is kept. */
  async createPerson(dto: CreatePersonDto, actor: string): Promise<{ person: Person; initialPassword: string }> {
    const initialPassword = randomBytes(12).toString('base64url');
    const person = await this.directory.createPerson({ ...dto, passwordHash: await argon2.hash(initialPassword) }, actor);
    return { person, initialPassword };
  }
}
