// Starts @seamapi/fake-seam-connect (Seam's stateful in-memory fake of the Seam API)
// on 127.0.0.1 only, seeded, for the end-to-end tests. Started by tests/src/servers.rs.
//
// Usage: NODE_ENV=production node servers/fake-seam.mjs [--port N]
//   --port 0 (the default) lets this script pick a free loopback port itself.
//
// On success it prints exactly one line to stdout:
//   SEAM_FAKE_READY {"port":..., "base_url":"http://127.0.0.1:...", "api_key":..., ...}
// and keeps running until it is killed (SIGTERM/SIGINT) or its stdin closes.
// Everything else the fake logs goes to stderr.
//
// Why the listen() patch: `fake.startServer({ port })` calls `server.listen(port, cb)`
// without a host, i.e. it listens on all interfaces, and exposes no host option
// (see runServer2/startServer in node_modules/@seamapi/fake-seam-connect/dist/chunk-*.js).
// We therefore wrap http.Server.prototype.listen for the duration of startServer so that
// a `listen(port, cb)` call gets host 127.0.0.1 injected.

import http from "node:http";
import net from "node:net";
import process from "node:process";
import { createFake } from "@seamapi/fake-seam-connect";

const HOST = "127.0.0.1";

function parsePort(argv) {
  const i = argv.indexOf("--port");
  if (i === -1) return 0;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new Error(`invalid --port ${argv[i + 1]}`);
  }
  return n;
}

function freeLoopbackPort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startOnLoopback(fake, port) {
  const originalListen = http.Server.prototype.listen;
  http.Server.prototype.listen = function patchedListen(...args) {
    // The fake calls listen(port, callback); insert the host.
    if (typeof args[0] === "number" && typeof args[1] === "function") {
      return originalListen.call(this, args[0], HOST, args[1]);
    }
    return originalListen.apply(this, args);
  };
  try {
    const baseUrl = `http://${HOST}:${port}`;
    const server = await fake.startServer({ port, baseUrl });
    const addr = server.server.address();
    if (addr == null || addr.address !== HOST) {
      throw new Error(`fake is not bound to ${HOST}: ${JSON.stringify(addr)}`);
    }
    return addr.port;
  } finally {
    http.Server.prototype.listen = originalListen;
  }
}

async function main() {
  const requestedPort = parsePort(process.argv.slice(2));
  const fake = await createFake();
  const seed = await fake.seed();
  const db = fake.database;

  const workspace_id = seed.seed_workspace_1;
  const acs_system_id = seed.visionline_acs_system_1;

  // Extra fixtures on top of the default seed (the default seed has an ACS system but
  // no ACS users or entrances). IDs in the fake are "<type><counter>", not UUIDs.
  const acsUser = db.addAcsUser({
    workspace_id,
    acs_system_id,
    full_name: "Seeded ACS User",
    email_address: "seeded-acs-user@example.com",
    external_type: "visionline_user",
  });
  const acsEntrance = db.addAcsEntrance({
    acs_system_id,
    display_name: "Seeded Entrance",
  });
  db.grantAcsUserAccessToAcsEntrance({
    acs_user_id: acsUser.acs_user_id,
    acs_entrance_id: acsEntrance.acs_entrance_id,
  });

  let port;
  let lastErr;
  for (let attempt = 0; attempt < 5; attempt++) {
    const p = requestedPort === 0 ? await freeLoopbackPort() : requestedPort;
    try {
      port = await startOnLoopback(fake, p);
      break;
    } catch (err) {
      lastErr = err;
      if (requestedPort !== 0 || err?.code !== "EADDRINUSE") throw err;
    }
  }
  if (port === undefined) throw lastErr;

  const ready = {
    port,
    base_url: `http://${HOST}:${port}`,
    api_key: seed.seam_apikey1_token,
    other_workspace_api_key: seed.seam_apikey2_token,
    workspace_id,
    other_workspace_id: seed.seed_workspace_2,
    acs_system_id,
    acs_user_id: acsUser.acs_user_id,
    acs_entrance_id: acsEntrance.acs_entrance_id,
    connected_account_id: seed.john_connected_account_id,
    device_id: seed.august_device_1,
  };
  process.stdout.write(`SEAM_FAKE_READY ${JSON.stringify(ready)}\n`);

  const shutdown = () => {
    fake.stopServer().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 500).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
  // If the parent (the Rust test process) goes away, stdin reaches EOF: exit too.
  process.stdin.on("end", shutdown);
  process.stdin.on("error", shutdown);
  process.stdin.resume();
}

main().catch((err) => {
  process.stderr.write(`fake-seam.mjs failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
