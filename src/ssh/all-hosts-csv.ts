// `gwq status --all-hosts --csv`: this machine's CSV and every host's as one table, with a `host`
// column first (empty for this machine). A far row is read by its column names, so a host whose
// gwq has other columns still lines up: a column it lacks is empty, one it adds is left out.
import { csvField } from "../worktrees/status-format.js";

/** The records of an RFC 4180 text: quoted fields may hold commas, doubled quotes and line ends. */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') (field += '"'), i++;
      else quoted = false;
    } else if (c === '"') {
      quoted = started = true;
    } else if (c === ",") {
      record.push(field);
      field = "";
      started = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      started = false;
    } else {
      field += c;
      started = true;
    }
  }
  if (started || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** One CSV: `host` first, this machine's rows (host empty), then each host's in its order. */
export function mergeStatusCsv(local: string, far: readonly { host: string; csv: string }[]): string {
  const [header = [], ...mine] = csvRecords(local);
  const lines = [["host", ...header], ...mine.map((r) => ["", ...r])];
  for (const { host, csv } of far) {
    const [theirs = [], ...rows] = csvRecords(csv);
    const at = header.map((name) => theirs.indexOf(name));
    for (const r of rows) lines.push([host, ...at.map((i) => (i < 0 ? "" : (r[i] ?? "")))]);
  }
  return lines.map((l) => l.map(csvField).join(",")).join("\n") + "\n";
}
