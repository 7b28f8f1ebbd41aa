import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ADMIN_VOCABULARY, type Unit } from './vocabulary';

const PAGE_SIZE = 100;

const byKindThenCode = (a: Unit, b: Unit) =>
  ADMIN_VOCABULARY.UnitKind.indexOf(a.kind) - ADMIN_VOCABULARY.UnitKind.indexOf(b.kind) || a.code.localeCompare(b.code);

/** Every unit and centre (reference data: tens, not thousands), read page by page, police units first. */
async function allUnits(): Promise<Unit[]> {
  const units: Unit[] = [];
  for (let page = 1; ; page += 1) {
    const answer = await unwrap(api.GET('/api/v1/units', { params: { query: { page, pageSize: PAGE_SIZE } } }));
    units.push(...answer.items);
    if (units.length >= answer.total || answer.items.length === 0) return units.sort(byKindThenCode);
  }
}

export const UNITS_KEY = ['admin', 'units'] as const;
export const USERS_KEY = ['admin', 'users'] as const;
export const APPROVALS_KEY = ['admin', 'approvals'] as const;

export function useUnits() {
  return useQuery({ queryKey: UNITS_KEY, queryFn: allUnits });
}

/** One account, for naming the target or requester of an approval (the API records each view). */
export function useUser(id: string | null) {
  return useQuery({
    queryKey: [...USERS_KEY, 'one', id],
    queryFn: () => unwrap(api.GET('/api/v1/admin/users/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
    retry: false,
  });
}
