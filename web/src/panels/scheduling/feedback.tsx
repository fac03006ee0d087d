import { Alert, Button, CloseButton, Group, Portal } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useT } from '../../i18n';
import { useErrorText } from '../../ui/error-text';

/**
 * What the front desk just did, said in words ("Booked Jane Doe with Dr Reed, Tue 10:30."), with
 * an Undo where the change can be taken back. One message at a time: a new one replaces the last.
 * It lives outside any page (a module store), so a dialog that closes after a change can still
 * say what happened; the page that shows it renders <FeedbackToast/>.
 */
export interface Feedback {
  text: string;
  /** Takes the change back and says what it did; absent when the change cannot be undone. */
  undo?: () => Promise<Feedback>;
  /** The visit the change concerns: the calendar scrolls to it. */
  focus?: { id: string; startsAt: string };
}

interface Shown extends Feedback {
  seq: number;
}

let current: Shown | null = null;
let seq = 0;
const listeners = new Set<() => void>();
const emit = () => {
  for (const l of listeners) l();
};

export function announce(f: Feedback): void {
  seq += 1;
  current = { ...f, seq };
  emit();
}

function dismiss(which: number): void {
  if (current?.seq !== which) return;
  current = null;
  emit();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The latest feedback (null when none), for the calendar's scroll-to-visit. */
export function useFeedback(): Shown | null {
  return useSyncExternalStore(subscribe, () => current);
}

/** Long enough to read and reach Undo; kept while the pointer or focus is on it. */
const SHOW_MS = 20_000;

export function FeedbackToast() {
  const t = useT();
  const errorText = useErrorText();
  const shown = useFeedback();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);

  // A new message starts afresh.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on each new message only
  useEffect(() => {
    setBusy(false);
    setError(null);
  }, [shown?.seq]);

  useEffect(() => {
    if (!shown || busy) return;
    // Kept while someone points at it or has focus in it (about to press Undo).
    const inUse = () =>
      !!box.current && (box.current.matches(':hover') || box.current.contains(document.activeElement));
    let id: ReturnType<typeof setTimeout>;
    const later = () => {
      id = setTimeout(() => (inUse() ? later() : dismiss(shown.seq)), SHOW_MS);
    };
    later();
    return () => clearTimeout(id);
  }, [shown, busy]);

  if (!shown) return null;
  const undo = shown.undo;
  return (
    <Portal>
      <div
        ref={box}
        data-testid="feedback"
        style={{
          position: 'fixed',
          insetInline: 12,
          bottom: 12,
          zIndex: 400,
          display: 'flex',
          justifyContent: 'center',
          pointerEvents: 'none',
        }}
      >
        <Alert
          color={error ? 'red' : 'green'}
          variant="filled"
          icon={<IconCircleCheck aria-hidden />}
          role="status"
          aria-live="polite"
          maw={560}
          w="100%"
          style={{ pointerEvents: 'auto', boxShadow: 'var(--mantine-shadow-md)' }}
          styles={{
            root: { background: error ? 'var(--mantine-color-red-9)' : 'var(--mantine-color-teal-9)' },
          }}
        >
          <Group justify="space-between" wrap="nowrap" align="center" gap="xs">
            <span data-testid="feedback-text">{error ?? shown.text}</span>
            <Group gap={4} wrap="nowrap">
              {undo && !error && (
                <Button
                  size="compact-sm"
                  variant="white"
                  color="dark"
                  loading={busy}
                  onClick={async () => {
                    setBusy(true);
                    try {
                      announce(await undo());
                    } catch (e) {
                      setError(errorText(e));
                      setBusy(false);
                    }
                  }}
                >
                  {t('frontdesk.undo')}
                </Button>
              )}
              <CloseButton
                size="sm"
                variant="transparent"
                c="white"
                onClick={() => dismiss(shown.seq)}
                aria-label={t('frontdesk.dismiss')}
              />
            </Group>
          </Group>
        </Alert>
      </div>
    </Portal>
  );
}
