import { Anchor, type AnchorProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { useRouter } from '../router';

/** A link to a page of the app: a real href (open in a new tab works), client-side navigation on click. */
export function AppLink({ to, children, ...props }: AnchorProps & { to: string; children: ReactNode }) {
  const { navigate } = useRouter();
  return (
    <Anchor
      {...props}
      href={to}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </Anchor>
  );
}
