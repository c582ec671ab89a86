package io.carteira.jobs.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carteira.schemas.AlertBook;
import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.CustomerActivity;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.CustomerState;
import io.carteira.schemas.DunningBook;
import io.carteira.schemas.MovementTotals;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PortfolioRunning;
import io.carteira.schemas.RiskSignal;
import io.carteira.schemas.SequenceBook;
import io.carteira.schemas.ValueTierThresholds;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.compiler.specific.SpecificCompiler;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State schema evolution. Keyed state is stored as Avro records, so a savepoint can outlive a
 * change of its record: Flink's Avro serializer reads the old bytes with the schema they were
 * written with and resolves them to the new one. That works when the new schema can read the old (a
 * field added with a default); a required field with no default cannot, and Flink refuses to
 * restore.
 *
 * <p>So: every state record of this build must be able to read the schema of the same record in
 * every committed savepoint (this is what stops an incompatible change from passing unnoticed);
 * and, through Flink's own serializer and RocksDB, customer state written by this build's class
 * restores completely into the class a later build would generate with an optional field added,
 * while state is refused when a required field is added.
 */
class StateSchemaEvolutionTest {

  /** The Avro records of the job's keyed and broadcast state (and of its CEP buffers). */
  static final List<Schema> STATE_RECORDS =
      List.of(
          CustomerState.getClassSchema(),
          CustomerActivity.getClassSchema(),
          CustomerEvent.getClassSchema(),
          PolicyDocument.getClassSchema(),
          ValueTierThresholds.getClassSchema(),
          RiskSignal.getClassSchema(),
          AlertBook.getClassSchema(),
          DunningBook.getClassSchema(),
          PortfolioRunning.getClassSchema(),
          MovementTotals.getClassSchema(),
          ChurnSignal.getClassSchema(),
          SequenceBook.getClassSchema());

  private static final int CUSTOMERS = 100;
  private static final Schema.Field LOYALTY_TIER =
      new Schema.Field(
          "loyalty_tier",
          Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
          "added later",
          JsonProperties.NULL_VALUE);

  @Test
  void everyStateRecordOfThisBuildReadsThatOfEveryCommittedSavepoint() throws Exception {
    Map<String, Schema> current = new HashMap<>();
    STATE_RECORDS.forEach(schema -> current.put(schema.getName(), schema));
    List<Path> committed = committedSchemas();
    assertThat(committed).as("state schemas of the committed savepoints").isNotEmpty();
    for (Path file : committed) {
      Schema old = new Schema.Parser().parse(file.toFile());
      assertThat(current)
          .as("a state record of " + file + " still in the job")
          .containsKey(old.getName());
      SchemaCompatibility.SchemaPairCompatibility compatibility =
          SchemaCompatibility.checkReaderWriterCompatibility(current.get(old.getName()), old);
      assertThat(compatibility.getType())
          .as(
              "%s reads the state of %s: %s",
              old.getName(), file, compatibility.getResult().getIncompatibilities())
          .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }
  }

  @Test
  void anOptionalFieldAdded_everyCustomerStateRestores(@TempDir Path build) throws Exception {
    Schema current = CustomerState.getClassSchema();
    Schema evolved =
        withField(
            current,
            LOYALTY_TIER,
            current.getField("mrr_minor").pos() + 1); // mid-record: resolved by name
    Path savepoint = build.resolve("savepoint");
    OperatorSnapshotUtil.writeStateHandle(
        writeStates(CustomerState.class, current), savepoint.toString());

    List<String> restored;
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader upgraded = upgradedBuild(evolved, build)) {
      Method restore =
          upgraded
              .loadClass(StateSchemaEvolutionTest.class.getName())
              .getDeclaredMethod("restoreAsUpgradedBuild", String.class);
      restore.setAccessible(true);
      Thread.currentThread()
          .setContextClassLoader(upgraded); // Flink finds some of its classes there
      @SuppressWarnings("unchecked")
      List<String> read = (List<String>) restore.invoke(null, savepoint.toString());
      restored = read;
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      GenericRecord original = specific(CustomerState.class, current, "customer-" + i);
      GenericData.Record asEvolved = new GenericData.Record(evolved);
      current.getFields().forEach(field -> asEvolved.put(field.name(), original.get(field.name())));
      expected.add(render(asEvolved)); // loyalty_tier: null
    }
    assertThat(restored).hasSize(CUSTOMERS).isEqualTo(expected);
  }

  /**
   * Runs in the upgraded build's class loader, where {@code CustomerState} is the evolved class:
   * restores the savepoint into it and renders every customer's state.
   */
  private static List<String> restoreAsUpgradedBuild(String savepoint) throws Exception {
    Schema schema = CustomerState.getClassSchema();
    assertThat(schema.getField(LOYALTY_TIER.name())).as("the evolved CustomerState").isNotNull();
    List<String> rendered = new ArrayList<>();
    for (GenericRecord state :
        readStates(CustomerState.class, schema, OperatorSnapshotUtil.readStateHandle(savepoint))) {
      rendered.add(render(state));
    }
    return rendered;
  }

  /** Every field of a record, in order, as text. */
  private static String render(GenericRecord record) {
    List<String> fields = new ArrayList<>();
    for (Schema.Field field : record.getSchema().getFields()) {
      fields.add(field.name() + "=" + record.get(field.name()));
    }
    return String.join(" | ", fields);
  }

  /**
   * This build's class path with {@code CustomerState} generated anew from {@code evolved} ahead of
   * it, as a later build would have it: Avro's compiler with the build's settings, then javac; in a
   * class loader of its own, so that this test's class of the same name is not seen.
   */
  private static URLClassLoader upgradedBuild(Schema evolved, Path build) throws Exception {
    SpecificCompiler compiler = new SpecificCompiler(evolved);
    compiler.setStringType(GenericData.StringType.String);
    compiler.setFieldVisibility(SpecificCompiler.FieldVisibility.PRIVATE);
    compiler.setEnableDecimalLogicalType(true);
    Path sources = build.resolve("src");
    compiler.compileToDestination(null, sources.toFile());
    Path classes = Files.createDirectories(build.resolve("classes"));
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-d",
                classes.toString(),
                "-cp",
                classPath,
                "-proc:none",
                "-nowarn",
                sources.resolve(evolved.getFullName().replace('.', '/') + ".java").toString());
    assertThat(status).as("javac of the evolved " + evolved.getName()).isZero();
    List<URL> urls = new ArrayList<>();
    urls.add(classes.toUri().toURL());
    for (String entry : classPath.split(File.pathSeparator)) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  @Test
  void aRequiredFieldWithoutDefault_theRestoreIsRefused() throws Exception {
    Schema committed = committedCustomerState();
    Schema evolved =
        withField(
            committed,
            new Schema.Field("loyalty_points", Schema.create(Schema.Type.LONG), "added later"),
            committed.getFields().size());
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(evolved, committed).getType())
        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE);
    OperatorSubtaskState savepoint = writeStates(GenericRecord.class, committed);

    assertThatThrownBy(() -> readStates(GenericRecord.class, evolved, savepoint))
        .hasStackTraceContaining("StateMigrationException")
        .hasStackTraceContaining("must not be incompatible with the old state serializer");
  }

  private static List<Path> committedSchemas() throws Exception {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> found = Files.walk(SavepointUpgradeIT.SAVEPOINTS)) {
      found
          .filter(
              p ->
                  p.getParent().getFileName().toString().equals("state-schemas")
                      && p.toString().endsWith(".avsc"))
          .forEach(files::add);
    }
    return files;
  }

  private static Schema committedCustomerState() throws Exception {
    return new Schema.Parser()
        .parse(
            SavepointUpgradeIT.SAVEPOINTS.resolve("v1/state-schemas/CustomerState.avsc").toFile());
  }

  private static Schema withField(Schema schema, Schema.Field added, int position) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      fields.add(new Schema.Field(field, field.schema()));
    }
    fields.add(position, new Schema.Field(added, added.schema()));
    return Schema.createRecord(
        schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }

  /**
   * Customer states of {@code type} (a generated class, or generic records of {@code schema}) in
   * RocksDB, snapshotted.
   */
  private static OperatorSubtaskState writeStates(
      Class<? extends GenericRecord> type, Schema schema) throws Exception {
    try (var harness = harness(type, schema)) {
      harness.open();
      for (int i = 0; i < CUSTOMERS; i++) {
        harness.processElement(new StreamRecord<>("customer-" + i));
      }
      return harness.snapshot(1, 1);
    }
  }

  /**
   * Restores {@code savepoint} with state of {@code type}, and reads every customer's state back.
   */
  private static List<GenericRecord> readStates(
      Class<? extends GenericRecord> type, Schema schema, OperatorSubtaskState savepoint)
      throws Exception {
    try (var harness = harness(type, schema)) {
      harness.initializeState(savepoint);
      harness.open();
      for (int i = 0; i < CUSTOMERS; i++) {
        harness.processElement(new StreamRecord<>("customer-" + i));
      }
      return harness.extractOutputValues();
    }
  }

  /**
   * A harness whose task runs with {@code type}'s class loader as its user code class loader: that
   * is where Flink looks up the state class named in a savepoint, so a restore sees only the
   * evolved class, as in a real upgrade.
   */
  private static KeyedOneInputStreamOperatorTestHarness<String, String, GenericRecord> harness(
      Class<? extends GenericRecord> type, Schema schema) throws Exception {
    MockEnvironment task =
        new MockEnvironmentBuilder()
            .setTaskName("state-evolution")
            .setManagedMemorySize(3 * 1024 * 1024)
            .setUserCodeClassLoader(type.getClassLoader())
            .build();
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new StateOf(type, schema)), key -> key, Types.STRING, task);
    harness.setStateBackend(new EmbeddedRocksDBStateBackend());
    return harness;
  }

  /**
   * Keeps a customer state per key: writes one on a key's first element, hands it out on the next.
   */
  private static final class StateOf extends KeyedProcessFunction<String, String, GenericRecord> {
    private final Class<? extends GenericRecord> type;
    private final String schema;
    private transient ValueState<GenericRecord> state;

    StateOf(Class<? extends GenericRecord> type, Schema schema) {
      this.type = type;
      this.schema = schema.toString();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void open(OpenContext context) {
      Schema parsed = new Schema.Parser().parse(schema);
      TypeInformation<GenericRecord> info =
          type == GenericRecord.class
              ? new GenericRecordAvroTypeInfo(parsed)
              : (TypeInformation) new AvroTypeInfo(type);
      state = getRuntimeContext().getState(new ValueStateDescriptor<>("customer", info));
    }

    @Override
    public void processElement(String customer, Context ctx, Collector<GenericRecord> out)
        throws Exception {
      if (state.value() == null) {
        Schema parsed = new Schema.Parser().parse(schema);
        state.update(
            type == GenericRecord.class
                ? sample(parsed, customer)
                : specific(type, parsed, customer));
      } else {
        out.collect(state.value());
      }
    }
  }

  /** The sample record of {@code customer} as an instance of the generated class {@code type}. */
  private static GenericRecord specific(
      Class<? extends GenericRecord> type, Schema schema, String customer) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
      new GenericDatumWriter<GenericRecord>(schema).write(sample(schema, customer), encoder);
      encoder.flush();
      SpecificDatumReader<GenericRecord> reader =
          new SpecificDatumReader<>(schema, schema, SpecificData.getForClass(type));
      return reader.read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A valid record of {@code schema} for {@code customer}: every field set, from the customer's id.
   */
  private static GenericRecord sample(Schema schema, String customer) {
    return (GenericRecord) valueOf(schema, customer, customer.hashCode());
  }

  private static Object valueOf(Schema schema, String customer, int seed) {
    return switch (schema.getType()) {
      case RECORD -> {
        GenericData.Record record = new GenericData.Record(schema);
        int i = 0;
        for (Schema.Field field : schema.getFields()) {
          record.put(
              field.pos(),
              field.name().equals("customer_id")
                  ? customer
                  : valueOf(field.schema(), customer, seed + 31 * ++i));
        }
        yield record;
      }
      case UNION ->
          valueOf(
              schema.getTypes().get(Math.floorMod(seed, schema.getTypes().size())), customer, seed);
      case STRING -> customer + "/" + seed;
      case LONG -> (long) seed;
      case INT -> seed;
      case DOUBLE -> seed / 7.0;
      case FLOAT -> seed / 7.0f;
      case BOOLEAN -> seed % 2 == 0;
      case ENUM ->
          new GenericData.EnumSymbol(
              schema,
              schema.getEnumSymbols().get(Math.floorMod(seed, schema.getEnumSymbols().size())));
      case ARRAY -> List.of(valueOf(schema.getElementType(), customer, seed + 1));
      case MAP -> Map.of("k" + seed, valueOf(schema.getValueType(), customer, seed + 1));
      case NULL -> null;
      case BYTES -> ByteBuffer.wrap(new byte[] {(byte) seed});
      case FIXED -> new GenericData.Fixed(schema, new byte[schema.getFixedSize()]);
    };
  }
}
