/** The field errors under a path (`subjects.2.person.nameAr` under `subjects.2.person.` → `nameAr`). */
export const fieldsUnder = (fields: Record<string, string>, prefix: string): Record<string, string> =>
  Object.fromEntries(Object.entries(fields).flatMap(([field, message]) => (field.startsWith(prefix) ? [[field.slice(prefix.length), message]] : [])));
