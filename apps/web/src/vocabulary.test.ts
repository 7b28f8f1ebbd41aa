import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VOCABULARY } from './vocabulary';

const document = JSON.parse(readFileSync(path.resolve(__dirname, '../../../test/api/openapi.snap.json'), 'utf8')) as {
  components: { schemas: Record<string, { enum?: string[] }> };
};

describe('the UI’s closed lists', () => {
  it.each(Object.entries(VOCABULARY))('%s offers exactly the values the API accepts', (name, values) => {
    expect([...values].sort()).toEqual([...(document.components.schemas[name]?.enum ?? [])].sort());
  });
});
