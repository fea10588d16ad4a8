// For trying an agent by hand: `node --import tsx test/agents/mock/serve.ts [log.jsonl]` serves the
// mock models on 127.0.0.1, prints its URL and every request, and appends each request to the log.
import { appendFileSync } from "node:fs";
import { MockModels } from "./server.js";

const m = new MockModels();
const log = process.argv[2];
const push = m.requests.push.bind(m.requests);
m.requests.push = (...xs) => {
  const n = push(...xs);
  setTimeout(() => {
    for (const x of xs) {
      console.log(`${x.method} ${x.path} -> ${x.answered}`);
      if (log) appendFileSync(log, JSON.stringify(x) + "\n");
    }
  }, 50);
  return n;
};
await m.start();
console.log(m.url);
