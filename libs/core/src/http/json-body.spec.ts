import { jsonDepthExceeds, MAX_JSON_DEPTH } from './json-body';

const nested = (levels: number): unknown => {
  let value: unknown = 1;
  for (let level = 0; level < levels; level += 1) value = level % 2 === 0 ? [value] : { a: value };
  return value;
};

describe('jsonDepthExceeds', () => {
  it('counts containers, not scalars: 32 levels pass, 33 do not', () => {
    expect(MAX_JSON_DEPTH).toBe(32);
    expect(jsonDepthExceeds(nested(32), 32)).toBe(false);
    expect(jsonDepthExceeds(nested(33), 32)).toBe(true);
    expect(jsonDepthExceeds('text', 0)).toBe(false);
    expect(jsonDepthExceeds({ a: 1, b: [1, 2], c: { d: null } }, 2)).toBe(false);
    expect(jsonDepthExceeds({ a: 1, b: [1, [2]] }, 2)).toBe(true);
  });

  it('walks 100,000 levels without overflowing its own stack', () => {
    expect(jsonDepthExceeds(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)), MAX_JSON_DEPTH)).toBe(true);
  });
});
