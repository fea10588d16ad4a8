// fzf-style fuzzy matching and ranking. Pure.
//
// A query matches a text when its characters appear in order (a subsequence). Among the ways they
// can appear, the best-scoring alignment is found (fzf's "v2" idea, a small dynamic programme):
// every matched character scores, a character at a word start (after a space, `/`, `-`, `_`, `.`,
// or a lower→Upper / letter→digit change) earns a bonus, runs of consecutive characters earn a
// bonus, gaps cost. Ranking: higher score first, then the shorter text, then the original order.
//
// Smart case as in fzf: case-insensitive unless the query has an upper-case letter. Spaces split
// the query into terms that must all match (in any order), like fzf's extended search.

export const SCORE_MATCH = 16;
const GAP_START = -3;
const GAP_EXTENSION = -1;
const BONUS_BOUNDARY = SCORE_MATCH / 2; // after a non-word character
const BONUS_BOUNDARY_WHITE = BONUS_BOUNDARY + 2; // at the start, or after a space
const BONUS_BOUNDARY_DELIMITER = BONUS_BOUNDARY + 1; // after / , : ; |
const BONUS_CAMEL = BONUS_BOUNDARY + GAP_EXTENSION; // lower→Upper, letter→digit
const BONUS_NON_WORD = BONUS_BOUNDARY; // matching a non-word character itself
const BONUS_CONSECUTIVE = -(GAP_START + GAP_EXTENSION);
const FIRST_CHAR_MULTIPLIER = 2;

export interface Match {
  score: number;
  /** Indices (UTF-16 code units) of the matched characters in the text, ascending. */
  positions: number[];
}

export interface Ranked<T> extends Match {
  item: T;
  /** Index in the original list. */
  index: number;
}

const enum Cls {
  White,
  NonWord,
  Delimiter,
  Lower,
  Upper,
  Letter,
  Number,
}

function charClass(ch: string): Cls {
  if (ch >= "a" && ch <= "z") return Cls.Lower;
  if (ch >= "A" && ch <= "Z") return Cls.Upper;
  if (ch >= "0" && ch <= "9") return Cls.Number;
  if (ch === " " || ch === "\t" || ch === "\n") return Cls.White;
  if ("/,:;|".includes(ch)) return Cls.Delimiter;
  if (/[\p{L}]/u.test(ch)) return ch.toLowerCase() !== ch ? Cls.Upper : ch.toUpperCase() !== ch ? Cls.Lower : Cls.Letter;
  if (/[\p{N}]/u.test(ch)) return Cls.Number;
  return Cls.NonWord;
}

function bonusFor(prev: Cls, cur: Cls): number {
  if (cur > Cls.Delimiter) {
    if (prev === Cls.White) return BONUS_BOUNDARY_WHITE;
    if (prev === Cls.Delimiter) return BONUS_BOUNDARY_DELIMITER;
    if (prev === Cls.NonWord) return BONUS_BOUNDARY;
  }
  if ((prev === Cls.Lower && cur === Cls.Upper) || (prev !== Cls.Number && cur === Cls.Number)) return BONUS_CAMEL;
  if (cur === Cls.NonWord || cur === Cls.Delimiter) return BONUS_NON_WORD;
  if (cur === Cls.White) return BONUS_BOUNDARY_WHITE;
  return 0;
}

/** Best alignment of one term (no spaces) in `text`, or null when it is not a subsequence. */
export function matchTerm(term: string, text: string, caseSensitive: boolean): Match | null {
  const m = term.length;
  const n = text.length;
  if (m === 0) return { score: 0, positions: [] };
  if (m > n) return null;
  const t = caseSensitive ? text : text.toLowerCase();
  const q = caseSensitive ? term : term.toLowerCase();
  // toLowerCase can change length for a few characters (e.g. İ); fall back to a plain scan then.
  if (t.length !== n) return null;

  // Quick reject, and the window the alignment can live in: first possible start, last possible end.
  let qi = 0;
  let first = -1;
  for (let i = 0; i < n && qi < m; i++) {
    if (t[i] === q[qi]) {
      if (qi === 0) first = i;
      qi++;
    }
  }
  if (qi < m) return null;
  let last = n - 1;
  for (let i = n - 1, k = m - 1; i >= 0; i--) {
    if (t[i] === q[k]) {
      if (k === m - 1) last = i;
      if (--k < 0) break;
    }
  }

  const w = last - first + 1;
  const bonus = new Int16Array(w);
  let prev = first > 0 ? charClass(text[first - 1]!) : Cls.White;
  for (let j = 0; j < w; j++) {
    const cls = charClass(text[first + j]!);
    bonus[j] = bonusFor(prev, cls);
    prev = cls;
  }

  // score[i][j]: best score with q[0..i] matched and q[i] at window column j (-Inf: impossible).
  // run[i][j]: the bonus of the first character of the consecutive run ending at (i, j).
  // from[i][j]: the column of q[i-1] on the best path (for positions).
  const NEG = -1e9;
  const score: Float64Array[] = [];
  const run: Int16Array[] = [];
  const from: Int32Array[] = [];
  for (let i = 0; i < m; i++) {
    const row = new Float64Array(w).fill(NEG);
    const runRow = new Int16Array(w);
    const fromRow = new Int32Array(w).fill(-1);
    const up = i > 0 ? score[i - 1]! : null;
    const upRun = i > 0 ? run[i - 1]! : null;
    // Best of up[k] + gap penalty over k <= j-2, carried along the row.
    let gapBest = NEG;
    let gapFrom = -1;
    for (let j = 0; j < w; j++) {
      if (up && j >= 2 && up[j - 2]! > NEG) {
        const opened = up[j - 2]! + GAP_START;
        if (opened >= gapBest + GAP_EXTENSION) {
          gapBest = opened;
          gapFrom = j - 2;
        } else gapBest += GAP_EXTENSION;
      } else if (gapBest > NEG) gapBest += GAP_EXTENSION;
      if (t[first + j] !== q[i]) continue;
      const b = bonus[j]!;
      if (!up) {
        row[j] = SCORE_MATCH + b * FIRST_CHAR_MULTIPLIER;
        runRow[j] = b;
        continue;
      }
      let best = NEG;
      if (j >= 1 && up[j - 1]! > NEG) {
        // Consecutive: the run keeps the bonus of its first character if that is larger.
        const runBonus = Math.max(b, BONUS_CONSECUTIVE, upRun![j - 1]!);
        best = up[j - 1]! + SCORE_MATCH + runBonus;
        fromRow[j] = j - 1;
        runRow[j] = Math.max(upRun![j - 1]!, b);
      }
      if (gapBest > NEG && gapBest + SCORE_MATCH + b > best) {
        best = gapBest + SCORE_MATCH + b;
        fromRow[j] = gapFrom;
        runRow[j] = b;
      }
      row[j] = best;
    }
    score.push(row);
    run.push(runRow);
    from.push(fromRow);
  }

  const lastRow = score[m - 1]!;
  let end = -1;
  for (let j = 0; j < w; j++) if (lastRow[j]! > NEG && (end < 0 || lastRow[j]! > lastRow[end]!)) end = j;
  if (end < 0) return null;
  const positions = new Array<number>(m);
  for (let i = m - 1, j = end; i >= 0; i--) {
    positions[i] = first + j;
    j = from[i]![j]!;
  }
  return { score: lastRow[end]!, positions };
}

/** Match a whole query (space-separated terms, all required) against `text`. */
export function fuzzyMatch(query: string, text: string): Match | null {
  const terms = query.split(" ").filter(Boolean);
  if (terms.length === 0) return { score: 0, positions: [] };
  let score = 0;
  const positions = new Set<number>();
  for (const term of terms) {
    const caseSensitive = term !== term.toLowerCase();
    const m = matchTerm(term, text, caseSensitive);
    if (!m) return null;
    score += m.score;
    for (const p of m.positions) positions.add(p);
  }
  return { score, positions: [...positions].sort((a, b) => a - b) };
}

/** The items that match, best first. An empty query keeps every item in its original order. */
export function rank<T>(items: readonly T[], query: string, label: (item: T) => string): Ranked<T>[] {
  const out: Ranked<T>[] = [];
  const lengths: number[] = [];
  items.forEach((item, index) => {
    const text = label(item);
    const m = fuzzyMatch(query, text);
    if (m) {
      out.push({ item, index, ...m });
      lengths[index] = text.length;
    }
  });
  if (query.trim() === "") return out;
  return out.sort((a, b) => b.score - a.score || lengths[a.index]! - lengths[b.index]! || a.index - b.index);
}
