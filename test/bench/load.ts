/**
 * The load generator of the API benchmark, run as its own process so it does not share a CPU queue with the
 * benchmark's bookkeeping: autocannon with N connections against one operation, JSON result on stdout.
 *
 * argv[2]: a JSON file { url, method, token, connections, durationSeconds?, overallRate?, bodies? } — with `bodies`, one
 * request per body (each a [path, body] pair), in order, and the run ends when they are used up. Without `overallRate`
 * every connection sends its next request as soon as the last is answered (saturation); with it, the connections
 * together send that many requests per second (paced, as people working at once do).
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  path: string;
  token: string;
  connections: number;
  durationSeconds?: number;
  overallRate?: number;
  bodies?: Array<[string, unknown]>;
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadSpec;
  const headers = { authorization: `Bearer ${spec.token}`, 'content-type': 'application/json' };
  let next = 0;
  const bodies = spec.bodies;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    pipelining: 1,
    timeout: 60,
    ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
    ...(bodies ? { amount: bodies.length } : { duration: spec.durationSeconds ?? 20 }),
    requests: [
      bodies
        ? {
            method: spec.method,
            headers,
            setupRequest: (request: Record<string, unknown>) => {
              const [path, body] = bodies[next % bodies.length];
              next += 1;
              return { ...request, path, body: JSON.stringify(body) };
            },
          }
        : { method: spec.method, path: spec.path, headers },
    ],
  });
  const { latency, requests } = result;
  process.stdout.write(
    `${JSON.stringify({
      requests: result.requests.total,
      durationSeconds: result.duration,
      throughputPerSecond: requests.average,
      p50Ms: latency.p50,
      p90Ms: latency.p90,
      p99Ms: latency.p99,
      maxMs: latency.max,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      statusCodes: result.statusCodeStats,
    })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`load: ${String(err)}\n`);
  process.exit(1);
});
