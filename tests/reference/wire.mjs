// Makes `/acs/credentials` calls through Seam's official JavaScript SDK
// (`@seamapi/http`, pinned in tests/package.json), for the wire parity test
// (tests/tests/suite/wire_parity.rs). Reads one JSON object on stdin:
//   { "endpoint": "http://127.0.0.1:<port>", "apiKey": "seam_...", "calls": [call, ..] }
// where a call is `{ "path": "/acs/credentials/list", "parameters": {..} }` (made with the
// SDK's method for that path, `SeamHttpEndpoints`), or, for an endpoint the SDK has no
// method for, `{ "path": .., "method": "POST", "parameters": {..} }` (made with the SDK's
// own `SeamHttpRequest`, which serializes as its methods do). A call's optional
// `"dates": { "starts_at": 1709289600123 }` replaces those parameters by
// `new Date(milliseconds)`, as a user holding a `Date` passes them. The calls are made one
// after the other; each outcome (`ok` or the error message: the recorder answers
// `{"ok": true}`, which some methods reject for lacking their payload) is written as
// one JSON line on stdout.

import { SeamHttpEndpoints, SeamHttpRequest } from '@seamapi/http'

let input = ''
process.stdin.setEncoding('utf8')
for await (const chunk of process.stdin) input += chunk
const { endpoint, apiKey, calls } = JSON.parse(input)

const seam = SeamHttpEndpoints.fromApiKey(apiKey, { endpoint })
for (const { path, method, parameters, dates } of calls) {
  for (const [key, milliseconds] of Object.entries(dates ?? {})) {
    parameters[key] = new Date(milliseconds)
  }
  try {
    if (method == null) {
      const call = seam[path]
      if (typeof call !== 'function') throw new Error(`@seamapi/http has no method for ${path}`)
      await call(parameters)
    } else {
      const usesParams = ['GET', 'DELETE'].includes(method)
      await new SeamHttpRequest(seam, {
        pathname: path,
        method,
        params: usesParams ? parameters : undefined,
        body: usesParams ? undefined : parameters,
        responseKey: undefined,
      })
    }
    process.stdout.write(JSON.stringify({ path, outcome: 'ok' }) + '\n')
  } catch (error) {
    process.stdout.write(JSON.stringify({ path, outcome: String(error.message) }) + '\n')
  }
}
