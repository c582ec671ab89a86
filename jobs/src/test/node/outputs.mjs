// Reads Carteira's output topics as a notification service on Node.js would: kafkajs (read_committed,
// its default), from the beginning, every value decoded with @kafkajs/confluent-schema-registry.
// kafkajs decodes gzip (and uncompressed) batches out of the box; LZ4, Snappy and ZSTD need a codec
// plugin. Arguments: bootstrap, registry URL, then topic=expectedCount pairs. Prints one JSON line:
// per topic the records read and decoded, and the first record of partition 0, decoded.
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';

const [bootstrap, url, ...pairs] = process.argv.slice(2);
const expected = Object.fromEntries(pairs.map((p) => { const [t, n] = p.split('='); return [t, Number(n)]; }));
const registry = new SchemaRegistry({ host: url });
const kafka = new Kafka({ clientId: 'notification-probe', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
const consumer = kafka.consumer({ groupId: `notification-probe-${process.pid}-${Date.now()}` });

const seen = Object.fromEntries(Object.keys(expected).map((t) => [t, { read: 0, decoded: 0, first: null, firstOffset: null }]));
const done = () => Object.keys(expected).every((t) => seen[t].read >= expected[t]);
let failure = null;

await consumer.connect();
await consumer.subscribe({ topics: Object.keys(expected), fromBeginning: true });
const finished = new Promise((resolve) => {
  consumer.on(consumer.events.CRASH, (e) => { failure = String(e.payload.error); resolve(); });
  consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const s = seen[topic];
      s.read += 1;
      const value = await registry.decode(message.value);
      s.decoded += 1;
      const offset = Number(message.offset);
      if (partition === 0 && (s.firstOffset === null || offset < s.firstOffset)) {
        s.first = value;
        s.firstOffset = offset;
      }
      if (done()) resolve();
    },
  }).catch((e) => { failure = String(e); resolve(); });
});
const timeout = new Promise((resolve) => setTimeout(resolve, 90_000));
await Promise.race([finished, timeout]);
await consumer.disconnect();
console.log(JSON.stringify({ failure, topics: seen }, (k, v) => (typeof v === 'bigint' ? v.toString() : v)));
process.exit(0); // the time-out's timer would keep node alive to its end
