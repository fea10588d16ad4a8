// How fast raw pane output renders into lines (src/sessions/render.ts): node --import tsx scripts/bench-render.ts
import { renderLines, LineRenderer } from "../src/sessions/render.js";
function time(name: string, buf: Buffer, f: (b: Buffer) => number) {
  f(buf); // warm
  const t = process.hrtime.bigint();
  const n = f(buf);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  console.log(`${name}: ${(buf.length / 1e6).toFixed(1)} MB -> ${n} lines in ${ms.toFixed(0)} ms (${(buf.length / 1e6 / (ms / 1000)).toFixed(0)} MB/s)`);
}
const line200 = "x".repeat(199) + "y";
const plain = Buffer.from(Array.from({ length: 20000 }, (_, i) => `${i} ${line200}\r\n`).join(""));
time("20,000 x 200 plain", plain, (b) => renderLines(b).length);
const coloured = Buffer.from(Array.from({ length: 20000 }, (_, i) => `\x1b[32m${i}\x1b[0m \x1b[1m${line200.slice(0, 90)}\x1b[0m\x1b[31m${line200.slice(0, 100)}\x1b[m\r\n`).join(""));
time("20,000 x 200 coloured", coloured, (b) => renderLines(b).length);
const big = (unit: string) => { const u = Buffer.from(unit); return Buffer.concat(Array(Math.ceil(50e6 / u.length)).fill(u)); };
time("50 MB plain 80-col lines", big(Array.from({ length: 1000 }, (_, i) => `line ${i} ${"a".repeat(70)}\r\n`).join("")), (b) => renderLines(b).length);
time("50 MB coloured build log", big(Array.from({ length: 1000 }, (_, i) => `\x1b[1;34m[${i}/1000]\x1b[0m Compiling \x1b[32mcrate_${i}\x1b[0m v1.0.${i} (/src/x)\r\n`).join("")), (b) => renderLines(b).length);
time("50 MB CR progress", big(Array.from({ length: 100 }, (_, i) => `\r\x1b[Kdownloading ${i}%  [${"#".repeat(i % 40)}${" ".repeat(40 - (i % 40))}]`).join("") + "\r\n"), (b) => renderLines(b).length);
time("50 MB CR progress no erase", big(Array.from({ length: 100 }, (_, i) => `\rdownloading ${String(i).padStart(3)}%  [${"#".repeat(i % 40)}${" ".repeat(40 - (i % 40))}]`).join("") + "\r\n"), (b) => renderLines(b).length);
time("50 MB utf-8 text", big(Array.from({ length: 1000 }, (_, i) => `行 ${i} 日本語のテキスト héllo wörld 🚀 ${"é".repeat(30)}\r\n`).join("")), (b) => renderLines(b).length);
// incremental in 4 KB chunks
time("50 MB plain, 4 KB pushes", big(Array.from({ length: 1000 }, (_, i) => `line ${i} ${"a".repeat(70)}\r\n`).join("")), (b) => { const r = new LineRenderer(); let n = 0; for (let o = 0; o < b.length; o += 4096) n += r.push(b.subarray(o, o + 4096)).length; return n + r.end().length; });
