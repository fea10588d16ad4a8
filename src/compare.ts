// Ordering without String#localeCompare: its first call sets up ICU, which measured ~5 ms of a
// 70 ms `gwq tmux list` (npm run bench). Code-point order is stable and enough for names.
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** ISO 8601 times with offsets, compared as instants. */
export function compareTime(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b);
}
