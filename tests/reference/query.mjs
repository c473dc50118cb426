// The reference query-string serializers, for the differential test
// (tests/tests/suite/wire_query.rs): reads one JSON case a line on stdin, writes one
// JSON result a line on stdout, in order, then exits.
//
// A case is the parameters object; `{"$f64": "<16 hex digits>"}` stands for the float
// with those IEEE-754 bits (JSON cannot carry NaN, the infinities or -0).
// A result is `{"standard": s, "http": s}`: the output of
// `@seamapi/url-search-params-serializer` and of `@seamapi/http`'s serializer (the
// standard plus `_strict=true`, what the official SDK sends), or `{"error": message}`.

import { serializeUrlSearchParams as standard } from '@seamapi/url-search-params-serializer'
import { serializeUrlSearchParams as http } from '@seamapi/http'

const revive = (_key, value) => {
  if (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof value.$f64 === 'string'
  ) {
    return Buffer.from(value.$f64, 'hex').readDoubleBE(0)
  }
  return value
}

let input = ''
process.stdin.setEncoding('utf8')
for await (const chunk of process.stdin) input += chunk

const results = []
for (const line of input.split('\n')) {
  if (line === '') continue
  const parameters = JSON.parse(line, revive)
  try {
    results.push(JSON.stringify({ standard: standard(parameters), http: http(parameters) }))
  } catch (error) {
    results.push(JSON.stringify({ error: String(error.message) }))
  }
}
process.stdout.write(results.join('\n') + '\n')
