import { useEffect, useRef } from 'react';

export type Shortcuts = Partial<Record<'j' | 'k' | 'r' | 'e' | '/', () => void>>;

function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Single-key shortcuts, ignored while the agent types in a field or holds a modifier. */
export function useShortcuts(handlers: Shortcuts): void {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typingInto(event.target)) return;
      const handler = current.current[event.key as keyof Shortcuts];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
