import { DataSource } from 'typeorm';
import { FieldCipher } from '@app/core';
import { identifier, REENCRYPTING_SETTING } from './migration-helpers';

export interface ReencryptionCount {
  column: string;
  reencrypted: number;
  /** A ledger's column (consent, legal basis), rewritten under the owner-only override of its trigger. */
  ledger: boolean;
}

/** Tables made ledgers by makeLedger (their row trigger is named `<table>_ledger`). */
async function ledgerTables(dataSource: DataSource): Promise<Set<string>> {
  const rows: Array<{ table: string }> = await dataSource.query(
    `SELECT c.relname AS table FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = c.relname || '_ledger'`,
  );
  return new Set(rows.map((row) => row.table));
}

/**
 * Every FieldCipher column (`*_enc`, found in the catalog so a new one is never missed) of a table
 * keyed by `id`. Each value is bound to `<table>.<column without _enc>:<id>` (see the capability libs).
 */
async function encryptedColumns(dataSource: DataSource): Promise<Array<{ table: string; column: string }>> {
  return dataSource.query(
    `SELECT c.table_name AS table, c.column_name AS column FROM information_schema.columns c
      WHERE c.table_schema = 'public' AND c.column_name LIKE '%\\_enc' AND c.data_type = 'text'
        AND EXISTS (SELECT 1 FROM information_schema.columns k WHERE k.table_schema = 'public' AND k.table_name = c.table_name AND k.column_name = 'id')
      ORDER BY c.table_name, c.column_name`,
  );
}

/**
 * Re-encrypts every value written under an older key with the active one, in batches, as the schema
 * owner. Resumable: each batch picks only values still under another key, and each update is a
 * compare-and-set, so a run stopped half way (or racing a live write) is simply run again.
 */
export async function reencryptAll(dataSource: DataSource, cipher: FieldCipher, activeKeyId: string, batchSize = 500): Promise<ReencryptionCount[]> {
  const counts: ReencryptionCount[] = [];
  const ledgers = await ledgerTables(dataSource);
  for (const { table, column } of await encryptedColumns(dataSource)) {
    const context = (id: string) => `${table}.${column.replace(/_enc$/, '')}:${id}`;
    let reencrypted = 0;
    for (;;) {
      const rows: Array<{ id: string; value: string }> = await dataSource.query(
        `SELECT id::text AS id, ${identifier(column)} AS value FROM ${identifier(table)}
          WHERE ${identifier(column)} IS NOT NULL AND split_part(${identifier(column)}, '.', 2) <> $1 ORDER BY id LIMIT $2`,
        [activeKeyId, batchSize],
      );
      if (rows.length === 0) break;
      // One transaction per batch, under the setting that lets the owner (only) rewrite a ledger's ciphertext.
      await dataSource.transaction(async (manager) => {
        await manager.query(`SELECT set_config($1, 'on', true)`, [REENCRYPTING_SETTING]);
        for (const row of rows) {
          const fresh = cipher.encrypt(cipher.decrypt(row.value, context(row.id)), context(row.id));
          await manager.query(`UPDATE ${identifier(table)} SET ${identifier(column)} = $2 WHERE id = $1 AND ${identifier(column)} = $3`, [
            row.id,
            fresh,
            row.value,
          ]);
        }
      });
      reencrypted += rows.length;
    }
    counts.push({ column: `${table}.${column}`, reencrypted, ledger: ledgers.has(table) });
  }
  return counts;
}
