package io.berth.engine.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaxHeaderParserTest {

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] b ? b : part.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void keepsValuesAsRawBytesIncludingNewlinesAndEqualsSigns() throws IOException {
        byte[] value = {(byte) 0x80, '\n', '=', (byte) 0xff, 0};
        // "37 SCHILY.xattr.security.capability=" is 36 bytes, + 5 value bytes + '\n' = 42
        Map<String, byte[]> records = PaxHeaderParser.parse(bytes(
                "42 SCHILY.xattr.security.capability=", value, "\n",
                "12 path=a/b\n"));
        assertThat(records).containsOnlyKeys("SCHILY.xattr.security.capability", "path");
        assertThat(records.get("SCHILY.xattr.security.capability")).isEqualTo(value);
        assertThat(records.get("path")).isEqualTo("a/b".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLaterRecordWinsAndAnEmptyValueRemovesTheKey() throws IOException {
        Map<String, byte[]> records = PaxHeaderParser.parse(bytes(
                "8 k=one\n", "8 k=two\n", "10 gone=x\n", "8 gone=\n"));
        assertThat(records).containsOnlyKeys("k");
        assertThat(records.get("k")).isEqualTo("two".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void stopsAtNulPadding() throws IOException {
        assertThat(PaxHeaderParser.parse(bytes("8 k=one\n", new byte[] {0, 0, 0}))).containsOnlyKeys("k");
    }

    @Test
    void refusesMalformedRecords() {
        assertThatThrownBy(() -> PaxHeaderParser.parse(bytes("7 k=one\n"))).hasMessageContaining("newline");
        assertThatThrownBy(() -> PaxHeaderParser.parse(bytes("99 k=one\n"))).hasMessageContaining("length 99");
        assertThatThrownBy(() -> PaxHeaderParser.parse(bytes("x8 k=on\n"))).hasMessageContaining("decimal");
        assertThatThrownBy(() -> PaxHeaderParser.parse(bytes("7 kone\n"))).hasMessageContaining("'='");
        assertThatThrownBy(() -> PaxHeaderParser.parse(bytes("kone\n"))).hasMessageContaining("malformed");
    }
}
