import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { useDebounced } from '../useDebounced';
import { SUGGEST_AFTER_MS, suggestionRequest, type PersonDraft } from './person-draft';

type Suggestion = components['schemas']['SuggestionView'];

/**
 * Possible duplicates among the unit's persons while the officer types: asked for after a pause
 * (300 ms, 3 characters), by POST so no term reaches a URL; one matched across scripts is marked.
 */
export function Suggestions({ draft, onPick }: { draft: PersonDraft; onPick(suggestion: Suggestion): void }) {
  const { t } = useTranslation();
  const request = suggestionRequest(draft);
  const settled = useDebounced(request ? JSON.stringify(request) : null, SUGGEST_AFTER_MS);
  const suggestions = useQuery({
    queryKey: ['person-suggestions', settled],
    queryFn: () => unwrap(api.POST('/api/v1/persons/suggestions', { body: JSON.parse(settled!) as components['schemas']['PersonSuggestionsDto'] })),
    enabled: settled !== null,
    staleTime: 30_000,
  });
  const items = settled !== null ? (suggestions.data?.items ?? []) : [];
  if (!items.length) return null;
  return (
    <Paper withBorder p="sm" radius="md" bg="yellow.0" aria-live="polite">
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          {t('intake.suggestions.title')}
        </Text>
        {items.map((item) => (
          <Group key={item.personId} justify="space-between" wrap="nowrap">
            <Stack gap={2}>
              <Text size="sm">
                <bdi>{item.nameAr ?? item.nameLatin}</bdi>
                {item.nameAr && item.nameLatin && (
                  <Text span size="xs" c="gray.7" ms="xs">
                    <bdi>{item.nameLatin}</bdi>
                  </Text>
                )}
                {item.birthYear && (
                  <Text span size="xs" c="gray.7" ms="xs">
                    {t('intake.suggestions.born', { year: item.birthYear })}
                  </Text>
                )}
              </Text>
              <Group gap={4}>
                {item.reasons.map((reason) => (
                  <Badge
                    key={reason}
                    size="sm"
                    variant={reason === 'name_cross_script' ? 'filled' : 'outline'}
                    color={reason === 'name_cross_script' ? 'grape.9' : 'gray.8'}
                  >
                    {t(`intake.suggestions.reasons.${reason}`)}
                  </Badge>
                ))}
              </Group>
            </Stack>
            <Button size="xs" variant="outline" onClick={() => onPick(item)}>
              {t('intake.suggestions.use')}
            </Button>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
