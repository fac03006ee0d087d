import { encode } from 'uqr';
import classes from './queue.module.css';

/**
 * A QR code drawn in the browser as one SVG path (no image to fetch, nothing inline for the CSP
 * to refuse): the patient shows it, the desk's scanner types the code it holds.
 */
export function QrCode({ value, label }: { value: string; label: string }) {
  const { data, size } = encode(value, { ecc: 'M', border: 2 });
  let d = '';
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) d += `M${x} ${y}h1v1h-1z`;
    });
  });
  return (
    <svg
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={label}
      className={classes.qr}
      shapeRendering="crispEdges"
      data-testid="check-in-qr"
    >
      <path d={d} fill="currentColor" />
    </svg>
  );
}
