package io.berth.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Berth's default seccomp profile ({@code seccomp.json} next to this class; the choice of
 * syscalls is explained in {@code engine/docs/runtime-seccomp.md}), as the
 * {@code linux.seccomp} object of an OCI {@code config.json}.
 */
public final class SeccompProfile {
    private static final String RESOURCE = "seccomp.json";

    private SeccompProfile() {
    }

    /**
     * The profile for the given JVM {@code os.arch}: the native syscall ABI and its
     * compatibility ABIs, so a 32-bit binary cannot call what the 64-bit filter denies.
     */
    public static ObjectNode forArchitecture(String osArch) {
        ObjectNode profile = load();
        ArrayNode arches = profile.putArray("architectures");
        architectures(osArch).forEach(arches::add);
        return profile;
    }

    static List<String> architectures(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
            case "aarch64", "arm64" -> List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
            default -> throw new IllegalArgumentException("no seccomp architecture list for os.arch " + osArch);
        };
    }

    private static ObjectNode load() {
        try (InputStream in = SeccompProfile.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("seccomp profile resource " + RESOURCE + " is missing from the classpath");
            }
            ObjectNode profile = (ObjectNode) new ObjectMapper().readTree(in);
            // The comments document the file; they are not part of the OCI schema.
            profile.remove("comment");
            for (JsonNode rule : profile.withArray("syscalls")) {
                ((ObjectNode) rule).remove("comment");
            }
            return profile;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read seccomp profile " + RESOURCE, e);
        }
    }
}
