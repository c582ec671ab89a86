// Talks to Carteira's schema registry with @kafkajs/confluent-schema-registry, a third-party
// Confluent client: registers and fetches a schema of its own, encodes a record, and decodes the
// wire-format bytes Carteira wrote (given as hex). Prints one JSON line.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';

const [url, carteiraHex, carteiraSubject] = process.argv.slice(2);
const registry = new SchemaRegistry({ host: url });

const schema = {
  type: 'record', name: 'NodeProbe', namespace: 'test.node',
  fields: [{ name: 'probe_id', type: 'string' }, { name: 'amount_minor', type: 'long' }],
};
const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject: 'node-probe-value' });
const fetched = await registry.getSchema(id);
const encoded = await registry.encode(id, { probe_id: 'from-node', amount_minor: 12345 });
const decoded = await registry.decode(Buffer.from(carteiraHex, 'hex'));
const latestId = await registry.getLatestSchemaId(carteiraSubject);

console.log(JSON.stringify({
  registeredId: id,
  fetchedName: fetched.name,
  encodedHex: encoded.toString('hex'),
  carteiraLatestId: latestId,
  decoded,
}, (k, v) => (typeof v === 'bigint' ? v.toString() : v)));
