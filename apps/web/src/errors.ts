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

/** An error as the UI shows it: the code's translation, field errors by field, the errorId of a masked 500. */
export function showError(error: unknown, t: TFunction): ShownError {
  if (!(error instanceof ApiError)) return { message: t('apiErrors.INTERNAL'), fields: {} };
  const fields = Object.fromEntries(
    (error.body.fields ?? []).map((entry) => [entry.field, t(`apiErrors.${entry.code}`, { defaultValue: entry.message })] as const),
  );
  return { message: t(`apiErrors.${error.code}`, { defaultValue: error.body.message }), fields, errorId: error.body.errorId ?? undefined };
}
