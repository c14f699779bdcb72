// Loaded into the server by bench/startup.bench.ts (`node --import bench/startup-probe.mjs bin/gongkai.js serve`,
// measured run only): on SIGUSR2 the process writes its V8 heap and array-buffer figures to STARTUP_PROBE_OUT as
// JSON, so the bench can split its own memory into V8 heap, array buffers and other native memory. Nothing else.
import fs from 'node:fs';
import v8 from 'node:v8';

const out = process.env.STARTUP_PROBE_OUT;
if (out) {
  process.on('SIGUSR2', () => {
    const heap = v8.getHeapStatistics();
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { physical: s.physical_space_size, used: s.space_used_size }]));
    const mu = process.memoryUsage();
    const tmp = `${out}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ heapPhysical: heap.total_physical_size, heapUsed: heap.used_heap_size, spaces, arrayBuffers: mu.arrayBuffers, external: mu.external }));
    fs.renameSync(tmp, out);
  });
}
