// Every Mantine component's styles (in its `mantine` cascade layer), loaded with the first lazily
// loaded part of the app (ui/lazy.tsx): the sign-in page carries only its own (main.tsx).
import '@mantine/core/styles.layer.css';
