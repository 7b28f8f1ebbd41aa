import type { UseMutationResult } from '@tanstack/react-query';
import { useRef } from 'react';

/** 32 hex characters from the browser's CSPRNG (getRandomValues works over plain http too, randomUUID does not). */
export function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * A submit that runs one request at a time however fast it is clicked (the button's disabled state
 * only arrives with the next render), each attempt under its own Idempotency-Key so a retry of the
 * same request on the network creates nothing twice.
 */
export function useSubmitOnce<T>(mutation: UseMutationResult<T, Error, string>): () => void {
  const running = useRef(false);
  return () => {
    if (running.current) return;
    running.current = true;
    mutation.mutate(newIdempotencyKey(), {
      onSettled: () => {
        running.current = false;
      },
    });
  };
}
