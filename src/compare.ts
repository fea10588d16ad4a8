// Ordering without String#localeCompare: its first call sets up ICU, which measured ~5 ms of a
// 70 ms `gwq tmux list` (npm run bench). Code-point order is stable and enough for names.
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Each time parsed once: a listing sorts its sessions twice, a few hundred comparisons each. */
const instants = new Map<string, number>();
function instant(iso: string): number {
  let t = instants.get(iso);
  if (t === undefined) instants.set(iso, (t = Date.parse(iso)));
  return t;
}

/** ISO 8601 times with offsets, compared as instants. */
export function compareTime(a: string, b: string): number {
  return instant(a) - instant(b);
}
