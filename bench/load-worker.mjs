// Sends signed requests from a thread of its own, like a platform on another machine would:
// the server's event loop (and its disk syncs) does not slow the client down.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { url, requests, concurrency } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);
const latencies = [];
let next = 0;
let failure;

const one = (req) =>
  new Promise((resolve) => {
    const started = performance.now();
    const r = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: { ...req.headers, 'content-length': Buffer.byteLength(req.body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - started);
          if (res.statusCode !== 200) failure ??= `${url} answered ${res.statusCode}`;
          resolve();
        });
      },
    );
    r.on('error', (err) => {
      failure ??= String(err);
      resolve();
    });
    r.end(req.body);
  });

const worker = async () => {
  while (next < requests.length && !failure) await one(requests[next++]);
};
const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (performance.now() - started) / 1000;
agent.destroy();
parentPort.postMessage({ reqPerSec: requests.length / seconds, latencies, failure });
