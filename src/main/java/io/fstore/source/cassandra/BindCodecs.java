package io.fstore.source.cassandra;

import java.nio.ByteBuffer;
import java.util.List;

import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;

/**
 * Codecs that bind a {@link BindValues.Bind} to a marker of any scalar CQL type: the value is converted to the Java
 * type of the marker's CQL type ({@link BindValues#convert}) and encoded by the driver's own codec for it. Registered
 * on every session of kind cassandra, so that camel-cassandraql's {@code PreparedStatement.bind(Object...)} binds
 * YAML values and checkpoints whatever the column types are (the driver alone would want an Integer for an int, a
 * Long for a bigint, a UUID for a uuid).
 */
final class BindCodecs {

    private static final List<DataType> SCALARS = List.of(DataTypes.TEXT, DataTypes.ASCII, DataTypes.BOOLEAN,
            DataTypes.INT, DataTypes.BIGINT, DataTypes.COUNTER, DataTypes.SMALLINT, DataTypes.TINYINT, DataTypes.VARINT,
            DataTypes.DECIMAL, DataTypes.DOUBLE, DataTypes.FLOAT, DataTypes.UUID, DataTypes.TIMEUUID,
            DataTypes.TIMESTAMP, DataTypes.DATE, DataTypes.TIME, DataTypes.INET, DataTypes.BLOB);

    private BindCodecs() {
    }

    static List<TypeCodec<?>> all() {
        return SCALARS.stream().<TypeCodec<?>>map(Codec::new).toList();
    }

    private record Codec(DataType type) implements TypeCodec<BindValues.Bind> {

        @Override
        public GenericType<BindValues.Bind> getJavaType() {
            return GenericType.of(BindValues.Bind.class);
        }

        @Override
        public DataType getCqlType() {
            return type;
        }

        @Override
        public ByteBuffer encode(BindValues.Bind bind, ProtocolVersion version) {
            Object value = bind == null ? null : BindValues.convert(bind.value(), type);
            return value == null ? null : CodecRegistry.DEFAULT.codecFor(type, value).encode(value, version);
        }

        @Override
        public BindValues.Bind decode(ByteBuffer bytes, ProtocolVersion version) {
            throw new UnsupportedOperationException("bind values are only written");
        }

        @Override
        public String format(BindValues.Bind bind) {
            Object value = bind == null ? null : BindValues.convert(bind.value(), type);
            return value == null ? "NULL" : CodecRegistry.DEFAULT.codecFor(type, value).format(value);
        }

        @Override
        public BindValues.Bind parse(String text) {
            throw new UnsupportedOperationException("bind values are only written");
        }
    }
}
