import { QueryFailedError } from 'typeorm';

/**
 * What of an error may reach a log line. Driver errors keep only their codes: their message, `detail`
 * and `parameters` carry the values that were being written (names, phones, IDs).
 */
export function describeErrorForLog(error: unknown): Record<string, unknown> {
  if (error instanceof QueryFailedError) {
    const driver = error.driverError as { code?: string; constraint?: string; table?: string; routine?: string };
    return { type: 'QueryFailedError', sqlState: driver.code, constraint: driver.constraint, table: driver.table, routine: driver.routine };
  }
  const driverCode = (error as { code?: unknown })?.code;
  if (typeof driverCode === 'string' && /^[0-9A-Z]{5}$/.test(driverCode)) {
    return { type: 'DatabaseError', sqlState: driverCode };
  }
  if (error instanceof Error) return { type: error.name, message: error.message, stack: error.stack };
  return { type: typeof error };
}
