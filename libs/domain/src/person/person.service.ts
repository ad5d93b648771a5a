import { DataSource } from 'typeorm';
import { Person, type Role } from './person.entity';

export interface NewPerson {
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  passwordHash: string;
  email?: string | null;
}

export class PersonService {
  constructor(private readonly db: DataSource) {}

  /** For sign-in only: the one query that reads the password hash. */
  findWithPassword(username: string): Promise<Person | null> {
    return this.db.getRepository(Person).createQueryBuilder('p').addSelect('p.passwordHash').where('p.username = :username', { username }).getOne();
  }

  findById(id: string): Promise<Person | null> {
    return this.db.getRepository(Person).findOne({ where: { id }, relations: { unit: true } });
  }

  /** Creates or replaces the demo/seeded person with this username (used by the seed command). */
  async upsert(person: NewPerson): Promise<void> {
    await this.db
      .createQueryBuilder()
      .insert()
      .into(Person)
      .values({ ...person, email: person.email ?? null })
      .orUpdate(['display_name', 'role', 'unit_id', 'password_hash', 'email'], ['username'])
      .execute();
  }
}
