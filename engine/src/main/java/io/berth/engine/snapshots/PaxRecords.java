package io.berth.engine.snapshots;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The body of a PAX extended header: records {@code "<length> <key>=<value>\n"} where the
 * length counts the whole record, its own digits included, and the value is raw bytes.
 */
final class PaxRecords {

    private PaxRecords() {
    }

    static byte[] encode(Map<String, byte[]> records) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        records.forEach((key, value) -> {
            byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
            int rest = 1 + keyBytes.length + 1 + value.length + 1; // ' ' key '=' value '\n'
            int length = rest + 1;
            while (String.valueOf(length).length() + rest != length) {
                length = String.valueOf(length).length() + rest;
            }
            body.writeBytes(String.valueOf(length).getBytes(StandardCharsets.US_ASCII));
            body.write(' ');
            body.writeBytes(keyBytes);
            body.write('=');
            body.writeBytes(value);
            body.write('\n');
        });
        return body.toByteArray();
    }
}
