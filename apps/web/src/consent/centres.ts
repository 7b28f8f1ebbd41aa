import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';

export type Centre = components['schemas']['UnitView'];

/** The partner centres a case can be shared with (active ones), read once per session. */
export function useCentres() {
  return useQuery({
    queryKey: ['units', 'partner_centre'],
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/units', { params: { query: { kind: 'partner_centre', pageSize: 100 } } }))).items.filter((unit) => unit.active),
    staleTime: 5 * 60_000,
  });
}

export const centreName = (centre: Centre, language: string) => (language === 'ar' ? centre.nameAr : centre.nameEn);
