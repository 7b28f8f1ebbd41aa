import type { TFunction } from 'i18next';
import { ApiError } from './api/client';

export interface ShownError {
  /** The message for the whole form (translated from the error code). */
  message: string;
  /** Messages by field path, shown next to the field. */
  fields: Record<string, string>;
  /** For the support desk, on an unknown error. */
  errorId?: string;
}

/** A field error's words: its own, else the domain error's of that code, else "not valid" (never the API's English). */
const fieldMessage = (code: string, t: TFunction): string =>
  t(`fieldErrors.${code}`, { defaultValue: t(`apiErrors.${code}`, { defaultValue: t('fieldErrors.INVALID') }) });

/** An error as the UI shows it: the code's translation, field errors by field, the errorId of a masked 500. */
export function showError(error: unknown, t: TFunction): ShownError {
  if (!(error instanceof ApiError)) return { message: t('apiErrors.INTERNAL'), fields: {} };
  const fields = Object.fromEntries((error.body.fields ?? []).map((entry) => [entry.field, fieldMessage(entry.code, t)] as const));
  return { message: t(`apiErrors.${error.code}`, { defaultValue: error.body.message }), fields, errorId: error.body.errorId ?? undefined };
}
