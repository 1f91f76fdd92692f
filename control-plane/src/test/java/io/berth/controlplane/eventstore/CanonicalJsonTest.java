package io.berth.controlplane.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    String canonical(String json) throws Exception {
        return CanonicalJson.write(mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(json));
    }

    @Test
    void spellingsJsonbMayReturnAreOneCanonicalText() throws Exception {
        // As sent by Jackson vs as jsonb hands it back: key order, spacing and number spelling differ.
        assertThat(canonical("{\"b\":1.50,\"a\":[1e2, true, null],\"c\":{\"y\":\"\\u00e9\",\"x\":-0.0}}"))
                .isEqualTo(canonical("{\"a\": [100, true, null], \"b\": 1.5, \"c\": {\"x\": 0, \"y\": \"é\"}}"))
                .isEqualTo("{\"a\":[100,true,null],\"b\":1.5,\"c\":{\"x\":0,\"y\":\"é\"}}");
    }

    @Test
    void stringsAreEscapedAndDistinctValuesStayDistinct() throws Exception {
        assertThat(canonical("{\"s\":\"a\\\"b\\n\"}")).isEqualTo("{\"s\":\"a\\\"b\\n\"}");
        assertThat(canonical("{\"n\":1}")).isNotEqualTo(canonical("{\"n\":\"1\"}"));
        assertThat(canonical("{\"n\":12345678901234567890123}")).isEqualTo("{\"n\":12345678901234567890123}");
    }

    @Test
    void theChainHashDependsOnThePreviousHashAndEveryField() throws Exception {
        UUID id = UUID.randomUUID();
        Instant at = Instant.parse("2026-01-01T00:00:00.123456Z");
        var data = mapper.readTree("{\"hostId\":\"h\"}");
        var meta = mapper.readTree("{\"actor\":\"a\"}");
        byte[] base = EventHasher.hash(EventHasher.GENESIS, id, "host-h", 1, "host.back", 1, data, meta, at);
        assertThat(base).hasSize(32);
        assertThat(EventHasher.hash(EventHasher.GENESIS, id, "host-h", 1, "host.back", 1,
                mapper.readTree("{ \"hostId\" : \"h\" }"), meta, at)).isEqualTo(base);
        assertThat(EventHasher.hash(base, id, "host-h", 1, "host.back", 1, data, meta, at)).isNotEqualTo(base);
        assertThat(EventHasher.hash(EventHasher.GENESIS, id, "host-h", 2, "host.back", 1, data, meta, at)).isNotEqualTo(base);
        assertThat(EventHasher.hash(EventHasher.GENESIS, id, "host-h", 1, "host.back", 1,
                mapper.readTree("{\"hostId\":\"i\"}"), meta, at)).isNotEqualTo(base);
        assertThat(EventHasher.hash(EventHasher.GENESIS, id, "host-h", 1, "host.back", 1, data,
                mapper.readTree("{\"actor\":\"b\"}"), at)).isNotEqualTo(base);
        assertThat(EventHasher.hash(EventHasher.GENESIS, id, "host-h", 1, "host.back", 1, data, meta,
                at.plusNanos(1000))).isNotEqualTo(base);
    }
}
