// The hook's code for Node (dist/hook-code.cjs), loaded by dist/hook.cjs (hook-cli.ts) with V8's
// code cache only when an event is to be recorded.
export { hookProcess } from "./agents/hook.js";
