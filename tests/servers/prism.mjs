// Runs the @stoplight/prism-cli command line *in this process* (no child process), and
// exits as soon as stdin reaches EOF, i.e. when the Rust test process that started it
// (tests/src/servers.rs, which keeps a pipe to our stdin) goes away, even if it was
// killed before it could stop us. Started by tests/src/servers.rs.
//
// Usage: node servers/prism.mjs mock <spec> --host 127.0.0.1 --port N [-d] [--errors]
// (all arguments are passed to `prism` unchanged).

import { createRequire } from "node:module";
import process from "node:process";

const require = createRequire(import.meta.url);
const prismBin = require.resolve("@stoplight/prism-cli/dist/index.js");

const stop = () => process.exit(0);
process.stdin.on("end", stop);
process.stdin.on("error", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

// prism's CLI (yargs 16) parses process.argv when it is loaded.
process.argv = [process.argv[0], prismBin, ...process.argv.slice(2)];
require(prismBin);
