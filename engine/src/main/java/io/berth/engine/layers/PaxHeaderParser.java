package io.berth.engine.layers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the body of a PAX extended header: records {@code "<length> <key>=<value>\n"},
 * where the decimal length counts the whole record, its own digits included. Keys are
 * UTF-8; values stay raw bytes, because {@code SCHILY.xattr.*} values are binary (e.g.
 * {@code security.capability}) and decoding them as text corrupts them. As in POSIX and
 * commons-compress, a later record for a key replaces an earlier one and an empty value
 * removes the key.
 */
final class PaxHeaderParser {

    private PaxHeaderParser() {
    }

    static Map<String, byte[]> parse(byte[] body) throws IOException {
        Map<String, byte[]> records = new LinkedHashMap<>();
        int at = 0;
        while (at < body.length && body[at] != 0) { // writers may pad the body with NULs
            int space = indexOf(body, (byte) ' ', at, body.length);
            if (space <= at) {
                throw malformed("a record without a length", at);
            }
            int length = parseLength(body, at, space);
            int end = at + length;
            if (length <= space - at + 1 || end > body.length || body[end - 1] != '\n') {
                throw malformed("a record whose length " + length + " does not end at a newline", at);
            }
            int equals = indexOf(body, (byte) '=', space + 1, end - 1);
            if (equals < 0) {
                throw malformed("a record without '='", at);
            }
            String key = new String(body, space + 1, equals - space - 1, StandardCharsets.UTF_8);
            byte[] value = Arrays.copyOfRange(body, equals + 1, end - 1);
            if (value.length == 0) {
                records.remove(key);
            } else {
                records.put(key, value);
            }
            at = end;
        }
        return records;
    }

    private static int parseLength(byte[] body, int from, int to) throws IOException {
        int length = 0;
        for (int i = from; i < to; i++) {
            if (body[i] < '0' || body[i] > '9' || length > (Integer.MAX_VALUE - 9) / 10) {
                throw malformed("a record length that is not a decimal number", from);
            }
            length = length * 10 + (body[i] - '0');
        }
        return length;
    }

    private static int indexOf(byte[] body, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (body[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static IOException malformed(String what, int offset) {
        return new IOException("malformed PAX extended header: " + what + " at byte " + offset);
    }
}
