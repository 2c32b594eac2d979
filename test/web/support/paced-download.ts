/**
 * A download client in a process of its own, so that the server's event loop cannot pace it: it sends
 * `GET <url>` over HTTP/1.1 and waits `wait` milliseconds after each chunk it receives before taking the
 * next one ("stop": it takes the first chunk only, until a line arrives on stdin). It prints a line
 * `started` on stdout at its first chunk, and when the connection closes
 * {"received": bytes, "complete": whether the chunked body ended}.
 *
 * Usage: node --import tsx paced-download.ts <url> <milliseconds|stop>
 */
import { connect } from 'node:net';

const [url = '', pace = 'stop'] = process.argv.slice(2);
const target = new URL(url);
const wait = pace === 'stop' ? Number.POSITIVE_INFINITY : Number(pace);
const socket = connect(Number(target.port), target.hostname);
socket.write(`GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n\r\n`);

let received = 0;
let tail = '';
let draining = false;
socket.on('data', (chunk: Buffer) => {
  if (received === 0) process.stdout.write('started\n');
  received += chunk.length;
  tail = (tail + chunk.toString('latin1')).slice(-16);
  if (draining) return;
  socket.pause();
  if (Number.isFinite(wait)) setTimeout(() => socket.resume(), wait);
});
process.stdin.once('data', () => {
  draining = true;
  socket.resume();
});
socket.on('error', () => undefined);
socket.on('close', () => {
  // A complete chunked body ends with the zero-length chunk; a cut one does not.
  process.stdout.write(`${JSON.stringify({ received, complete: tail.endsWith('0\r\n\r\n') })}\n`);
  process.exit(0);
});
