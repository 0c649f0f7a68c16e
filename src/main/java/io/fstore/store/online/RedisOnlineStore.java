package io.fstore.store.online;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRecord;
import io.fstore.model.FeatureRow;
import io.fstore.normalize.Timestamps;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Online store on Redis: one hash per group and entity ({@code fstore:<group>:<entity>}), a field per feature holding
 * {@link ValueCodec} bytes and a companion field {@code @<feature>} with its event time in microseconds. A Lua script
 * applies newest-event-wins inside Redis, so concurrent writers never regress a value; a batch is one pipelined round
 * trip, and so is a lookup of many entities. With a group ttl the hash expires ttl after its newest event.
 */
public final class RedisOnlineStore implements OnlineStore {

    private static final String UPSERT = """
            local key = KEYS[1]
            local expireAt = tonumber(ARGV[1])
            for i = 2, #ARGV, 3 do
              local feature, ts = ARGV[i], ARGV[i + 1]
              local current = redis.call('HGET', key, '@' .. feature)
              if (not current) or tonumber(current) < tonumber(ts) then
                redis.call('HSET', key, feature, ARGV[i + 2], '@' .. feature, ts)
              end
            end
            if expireAt > 0 then
              local current = tonumber(redis.call('HGET', key, '@expire') or '0')
              if current < expireAt then
                redis.call('HSET', key, '@expire', ARGV[1])
                redis.call('PEXPIREAT', key, expireAt)
              end
            end
            return 1
            """;

    private final JedisPooled redis;
    private final byte[] upsertSha;
    private final String where;

    public RedisOnlineStore(String url) {
        java.net.URI uri = java.net.URI.create(url);
        this.where = uri.getHost() + ":" + uri.getPort() + (uri.getPath() == null ? "" : uri.getPath());
        this.redis = new JedisPooled(uri);
        this.upsertSha = redis.scriptLoad(UPSERT.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    static String key(String group, String entity) {
        return "fstore:" + group + ":" + entity;
    }

    @Override
    public void write(List<FeatureRecord> records) {
        Map<String, List<FeatureRecord>> byKey = new LinkedHashMap<>();
        records.forEach(r -> byKey.computeIfAbsent(key(r.featureGroup(), r.entityId()), k -> new ArrayList<>()).add(r));
        try (Pipeline p = redis.pipelined()) {
            byKey.forEach((key, recs) -> {
                List<byte[]> args = new ArrayList<>(1 + recs.size() * 3);
                args.add(bytes("0"));
                for (FeatureRecord r : recs) {
                    args.add(bytes(r.feature()));
                    args.add(bytes(Long.toString(Timestamps.toMicros(r.eventTimestamp()))));
                    args.add(ValueCodec.encode(r.value(), r.eventTimestamp()));
                }
                p.evalsha(upsertSha, List.of(bytes(key)), args);
            });
            p.sync();
        }
    }

    @Override
    public void writeRows(FeatureGroup group, List<FeatureRow> rows, java.time.Instant ingestedAt) {
        Duration ttl = group.ttl();
        try (Pipeline p = redis.pipelined()) {
            for (FeatureRow row : FeatureRow.newestPerEntity(rows)) {
                long expireAt = ttl.isZero() ? 0 : row.eventTimestamp().plus(ttl).toEpochMilli();
                byte[] ts = bytes(Long.toString(Timestamps.toMicros(row.eventTimestamp())));
                List<byte[]> args = new ArrayList<>(1 + row.values().length * 3);
                args.add(bytes(Long.toString(expireAt)));
                for (int i = 0; i < row.values().length; i++) {
                    args.add(bytes(group.features().get(i).name()));
                    args.add(ts);
                    args.add(ValueCodec.encode(row.values()[i], row.eventTimestamp()));
                }
                p.evalsha(upsertSha, List.of(bytes(key(group.name(), row.entityId()))), args);
            }
            p.sync();
        }
    }

    @Override
    public List<Map<String, StoredValue>> read(String group, List<String> entityIds, List<String> features) {
        if (entityIds.isEmpty()) {
            return List.of();
        }
        byte[][] fields = features.stream().map(RedisOnlineStore::bytes).toArray(byte[][]::new);
        List<Response<List<byte[]>>> responses = new ArrayList<>(entityIds.size());
        try (Pipeline p = redis.pipelined()) {
            entityIds.forEach(id -> responses.add(p.hmget(bytes(key(group, id)), fields)));
            p.sync();
        }
        List<Map<String, StoredValue>> result = new ArrayList<>(entityIds.size());
        for (Response<List<byte[]>> response : responses) {
            List<byte[]> values = response.get();
            Map<String, StoredValue> found = new HashMap<>();
            for (int i = 0; i < features.size(); i++) {
                if (values.get(i) != null) {
                    found.put(features.get(i), ValueCodec.decode(values.get(i)));
                }
            }
            result.add(found);
        }
        return result;
    }

    @Override
    public void deleteGroup(String group) {
        ScanParams params = new ScanParams().match("fstore:" + group + ":*").count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            if (!page.getResult().isEmpty()) {
                redis.unlink(page.getResult().toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }

    @Override
    public String describe() {
        return "Redis at " + where + ", a hash per group and entity (fstore:<group>:<entity>)";
    }

    @Override
    public void close() {
        redis.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
