import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface RoleFacts {
  role: string;
  rolsuper: boolean;
  rolbypassrls: boolean;
  owns_database: boolean;
  owns_relations: boolean;
  encoding: string;
}

/**
 * Refuses to serve when connected with powers that would silence row-level security (superuser,
 * BYPASSRLS, table owner) or to a database whose encoding breaks Arabic search.
 */
export function refusalReasons(facts: RoleFacts): string[] {
  const reasons: string[] = [];
  if (facts.rolsuper) reasons.push(`role ${facts.role} is a superuser`);
  if (facts.rolbypassrls) reasons.push(`role ${facts.role} has BYPASSRLS`);
  if (facts.owns_database || facts.owns_relations) reasons.push(`role ${facts.role} owns the database or its tables`);
  if (facts.encoding !== 'UTF8') reasons.push(`database encoding is ${facts.encoding}, UTF8 is required`);
  return reasons;
}

@Injectable()
export class DatabaseBootCheck implements OnApplicationBootstrap {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const [facts] = await this.dataSource.query(`
      SELECT r.rolname AS role, r.rolsuper, r.rolbypassrls,
             d.datdba = r.oid AS owns_database,
             EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                      WHERE c.relowner = r.oid AND n.nspname IN ('public', 'app')) AS owns_relations,
             pg_encoding_to_char(d.encoding) AS encoding
        FROM pg_roles r, pg_database d
       WHERE r.rolname = current_user AND d.datname = current_database()`);
    const reasons = refusalReasons(facts as RoleFacts);
    if (reasons.length > 0) {
      throw new Error(`Refusing to start with this DATABASE_URL: ${reasons.join('; ')}. Use the api or worker runtime role.`);
    }
  }
}
