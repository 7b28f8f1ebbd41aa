import { QueryClient, QueryClientProvider, useMutation } from '@tanstack/react-query';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { newIdempotencyKey, useSubmitOnce } from './submit-once';

describe('a submit that runs once at a time', () => {
  it('sends one request for three fast clicks, then a new key for the next attempt', async () => {
    const keys: string[] = [];
    let release: () => void = () => undefined;
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={new QueryClient()}>{children}</QueryClientProvider>;
    const { result } = renderHook(
      () => {
        const mutation = useMutation({
          mutationFn: (key: string) => {
            keys.push(key);
            return new Promise<void>((resolve) => (release = resolve));
          },
        });
        return useSubmitOnce(mutation);
      },
      { wrapper },
    );
    act(() => {
      result.current();
      result.current();
      result.current();
    });
    await act(async () => {
      await Promise.resolve();
      release();
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
    expect(keys).toHaveLength(1);
    act(() => result.current());
    await act(async () => new Promise((resolve) => setTimeout(resolve, 10)));
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
  });

  it('makes keys the API accepts (8–128 of A–Z a–z 0–9 _ -), all different', () => {
    const keys = new Set(Array.from({ length: 1000 }, newIdempotencyKey));
    expect(keys.size).toBe(1000);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{8,128}$/);
  });
});
