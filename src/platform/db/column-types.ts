import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder } from 'kysely';
import type { Dialect } from './connect.ts';

/** The few column types the two dialects spell differently; migrations use these and nothing else. */
export function columnTypes(dialect: Dialect) {
  return {
    binary: dialect === 'postgres' ? sql`bytea` : sql`blob`,
    /** Adds an auto-increment integer primary key named `id`. */
    id<T extends string>(table: CreateTableBuilder<T, never>) {
      return dialect === 'postgres'
        ? table.addColumn('id', 'bigint', (c: ColumnDefinitionBuilder) => c.primaryKey().generatedByDefaultAsIdentity())
        : table.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement());
    },
  };
}
