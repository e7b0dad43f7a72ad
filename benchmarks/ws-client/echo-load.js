'use strict';
// The echo load of BenchRunner, sent by the npm ws client instead of the harness's own NIO client.
//
//   node echo-load.js HOST PORT CONNECTIONS SIZE text|binary DEPTH WARMUP_MS MEASURE_MS
//
// Opens CONNECTIONS to ws://HOST:PORT/echo, keeps DEPTH messages in flight on each (another sent
// whenever an echo arrives), and prints to stdout:
//   CLIENT ws=<version> node=<version>     once all connections are open
//   START                                  when the measured window begins (after WARMUP_MS)
//   END messages=<n> clientCpuMicros=<us>  when it ends (after MEASURE_MS more)
// The harness reads the server's CPU clock as each of START and END arrives, so the window it
// measures is the one these lines mark. Any failure goes to stderr with exit status 1.

const WebSocket = require('ws');

const [host, port, connections, size, kind, depth, warmupMs, measureMs] = process.argv.slice(2);
const count = Number(connections);
const inFlight = Number(depth);
const binary = kind === 'binary';
if (!host || !(count > 0) || !(inFlight > 0) || !(Number(size) >= 0) || !['text', 'binary'].includes(kind)) {
    console.error('usage: node echo-load.js HOST PORT CONNECTIONS SIZE text|binary DEPTH WARMUP_MS MEASURE_MS');
    process.exit(2);
}
const payload = binary ? Buffer.alloc(Number(size), 0x5a) : 'x'.repeat(Number(size));
const options = { binary };

let echoes = 0;
let opened = 0;

function fail(message) {
    console.error(message);
    process.exit(1);
}

// A server that never answers must not hold the harness: the whole load has a hard end.
const limit = setTimeout(() => fail(`no end after ${Number(warmupMs) + Number(measureMs) + 30000} ms`),
    Number(warmupMs) + Number(measureMs) + 30000);
limit.unref();

for (let i = 0; i < count; i++) {
    // perMessageDeflate off: every server here is measured on plain frames.
    const socket = new WebSocket(`ws://${host}:${port}/echo`, { perMessageDeflate: false });
    socket.on('open', () => {
        for (let d = 0; d < inFlight; d++) {
            socket.send(payload, options);
        }
        if (++opened === count) {
            begin();
        }
    });
    socket.on('message', () => {
        echoes++;
        socket.send(payload, options);
    });
    socket.on('error', e => fail(`connection ${i}: ${e.message}`));
    // The load ends by exiting, which emits nothing: any close is the server's.
    socket.on('close', code => fail(`connection ${i} closed by the server with ${code}`));
}

function begin() {
    console.log(`CLIENT ws=${require('ws/package.json').version} node=${process.version}`);
    setTimeout(() => {
        const first = echoes;
        const cpu = process.cpuUsage();
        console.log('START');
        setTimeout(() => {
            const used = process.cpuUsage(cpu);
            console.log(`END messages=${echoes - first} clientCpuMicros=${used.user + used.system}`);
            // Exiting drops the connections; the figure is over, and every server sees the same end.
            process.exit(0);
        }, Number(measureMs));
    }, Number(warmupMs));
}
