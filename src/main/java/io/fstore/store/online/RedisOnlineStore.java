package io.fstore.store.online;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.normalize.Timestamps;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Online store on Redis: one hash per group and entity ({@code fstore:<group>:<entity>}), a field per feature holding
 * {@link ValueCodec} bytes and a companion field {@code @<feature>} holding {@code <event micros>:<ingestion micros>}
 * (values written before ingestion times were stored hold only the event micros and count as ingested first). A Lua
 * script applies the {@link OnlineStore} tie rule inside Redis, so concurrent writers never regress a value; a batch
 * is one pipelined round trip, and so is a lookup of many entities. With a group ttl the hash expires ttl after its
 * newest event. Every reply is read: a server that lost the script (restart, failover, {@code SCRIPT FLUSH}) gets it
 * again and the refused commands once more; any other error reply fails the write. Chosen by
 * {@code fstore.online.type=redis}, settings in {@link RedisOnlineStoreConfig}.
 */
public final class RedisOnlineStore implements OnlineStore {

    /**
     * KEYS[1] the entity's hash; ARGV[1] expire at (epoch ms, 0 = never), ARGV[2] ingestion micros, then per feature:
     * name, event micros, value. Times are compared as decimal strings: Lua numbers are doubles, exact only to 2^53.
     */
    private static final byte[] UPSERT = """
            local function cmp(a, b)
              if a == b then return 0 end
              local na, nb = string.byte(a, 1) == 45, string.byte(b, 1) == 45
              if na ~= nb then
                if na then return -1 end
                return 1
              end
              local c = 1
              if #a ~= #b then
                if #a < #b then c = -1 end
              else
                for i = 1, #a do
                  local x, y = string.byte(a, i), string.byte(b, i)
                  if x ~= y then
                    if x < y then c = -1 end
                    break
                  end
                end
              end
              if na then return -c end
              return c
            end
            local key = KEYS[1]
            local expireAt = tonumber(ARGV[1])
            local ingested = ARGV[2]
            for i = 3, #ARGV, 3 do
              local feature, ts = ARGV[i], ARGV[i + 1]
              local current = redis.call('HGET', key, '@' .. feature)
              local replace = not current
              if current then
                local storedTs, storedIngested = string.match(current, '^(-?%d+):?(-?%d*)$')
                local c = cmp(storedTs, ts)
                replace = c < 0 or (c == 0 and (storedIngested == '' or cmp(storedIngested, ingested) <= 0))
              end
              if replace then
                redis.call('HSET', key, feature, ARGV[i + 2], '@' .. feature, ts .. ':' .. ingested)
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
            """.getBytes(StandardCharsets.UTF_8);

    private final JedisPooled redis;
    private final byte[] upsertSha;
    private final String where;

    public RedisOnlineStore(String url) {
        this(new RedisOnlineStoreConfig(url));
    }

    public RedisOnlineStore(RedisOnlineStoreConfig config) {
        this.where = config.where();
        this.redis = new JedisPooled(java.net.URI.create(config.url()));
        try {
            this.upsertSha = redis.scriptLoad(UPSERT, new byte[0]);
        } catch (JedisException e) {
            redis.close();
            throw failure("cannot load the upsert script", e);
        }
    }

    static String key(String group, String entity) {
        return "fstore:" + group + ":" + entity;
    }

    /** One script call: an entity's hash and the script's arguments. */
    private record Upsert(byte[] key, List<byte[]> args) {
    }

    /** Nothing to prepare: a group's hashes are created by its first write, the script is loaded at start. */
    @Override
    public void create(FeatureGroup group) {
        // nothing to do
    }

    @Override
    public void writeRows(FeatureGroup group, List<FeatureRow> rows, Instant ingestedAt) {
        Duration ttl = group.ttl();
        byte[] ingested = bytes(Long.toString(Timestamps.toMicros(ingestedAt)));
        Collection<FeatureRow> newest = FeatureRow.newestPerEntity(rows);
        List<Upsert> upserts = new ArrayList<>(newest.size());
        for (FeatureRow row : newest) {
            long expireAt = ttl.isZero() ? 0 : row.eventTimestamp().plus(ttl).toEpochMilli();
            byte[] ts = bytes(Long.toString(Timestamps.toMicros(row.eventTimestamp())));
            List<byte[]> args = new ArrayList<>(2 + row.values().length * 3);
            args.add(bytes(Long.toString(expireAt)));
            args.add(ingested);
            for (int i = 0; i < row.values().length; i++) {
                args.add(bytes(group.features().get(i).name()));
                args.add(ts);
                args.add(ValueCodec.encode(row.values()[i], row.eventTimestamp()));
            }
            upserts.add(new Upsert(bytes(key(group.name(), row.entityId())), args));
        }
        upsert(upserts);
    }

    /**
     * Runs the upserts in one pipelined round trip; when the server no longer has the script, loads it again and
     * resends the refused upserts (they changed nothing). Any other error reply throws.
     */
    private void upsert(List<Upsert> upserts) {
        if (upserts.isEmpty()) {
            return;
        }
        List<Upsert> refused = send(upserts);
        if (refused.isEmpty()) {
            return;
        }
        try {
            redis.scriptLoad(UPSERT, new byte[0]);
        } catch (JedisException e) {
            throw failure("cannot reload the upsert script", e);
        }
        if (!send(refused).isEmpty()) {
            throw new IllegalStateException("Redis at " + where + " failed the online write: NOSCRIPT right after "
                    + "loading the script");
        }
    }

    /** Sends the upserts pipelined and reads every reply; returns those refused with NOSCRIPT. */
    private List<Upsert> send(List<Upsert> upserts) {
        List<Response<Object>> replies = new ArrayList<>(upserts.size());
        try (Pipeline p = redis.pipelined()) {
            for (Upsert u : upserts) {
                replies.add(p.evalsha(upsertSha, List.of(u.key()), u.args()));
            }
            p.sync();
        } catch (JedisException e) {
            throw failure("failed the online write", e);
        }
        List<Upsert> refused = new ArrayList<>(0);
        for (int i = 0; i < replies.size(); i++) {
            try {
                replies.get(i).get();
            } catch (JedisNoScriptException e) {
                refused.add(upserts.get(i));
            } catch (JedisException e) {
                throw failure("failed the online write", e);
            }
        }
        return refused;
    }

    /** Names Redis by host, port and database (never the URL, which may hold a password) and the error. */
    private IllegalStateException failure(String what, JedisException e) {
        return new IllegalStateException("Redis at " + where + " " + what + ": " + e.getMessage(), e);
    }

    @Override
    public List<Map<String, StoredValue>> read(String group, List<String> entityIds, List<String> features) {
        if (entityIds.isEmpty()) {
            return List.of();
        }
        byte[][] fields = features.stream().map(RedisOnlineStore::bytes).toArray(byte[][]::new);
        List<Response<List<byte[]>>> responses = new ArrayList<>(entityIds.size());
        List<List<byte[]>> replies = new ArrayList<>(entityIds.size());
        try (Pipeline p = redis.pipelined()) {
            entityIds.forEach(id -> responses.add(p.hmget(bytes(key(group, id)), fields)));
            p.sync();
            responses.forEach(r -> replies.add(r.get()));
        } catch (JedisException e) {
            throw failure("failed the online read", e);
        }
        List<Map<String, StoredValue>> result = new ArrayList<>(entityIds.size());
        for (int e = 0; e < replies.size(); e++) {
            List<byte[]> values = replies.get(e);
            Map<String, StoredValue> found = new HashMap<>();
            for (int i = 0; i < features.size(); i++) {
                if (values.get(i) != null) {
                    found.put(features.get(i), ValueCodec.decode(values.get(i), group, entityIds.get(e),
                            features.get(i)));
                }
            }
            result.add(found);
        }
        return result;
    }

    @Override
    public void teardown(String group) {
        ScanParams params = new ScanParams().match(globEscaped(key(group, "")) + "*").count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            if (!page.getResult().isEmpty()) {
                redis.unlink(page.getResult().toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }

    /** Redis's PING, within the client's own timeouts (Jedis's 2 s to connect and to read a reply). */
    @Override
    public void ping(Duration timeout) {
        try {
            redis.ping();
        } catch (JedisException e) {
            throw failure("does not answer", e);
        }
    }

    @Override
    public String describe() {
        return "Redis at " + where + ", a hash per group and entity (fstore:<group>:<entity>)";
    }

    @Override
    public void close() {
        redis.close();
    }

    /** SCAN's glob pattern matching exactly {@code text}. */
    static String globEscaped(String text) {
        return text.replaceAll("([*?\\[\\]\\\\^])", "\\\\$1");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
