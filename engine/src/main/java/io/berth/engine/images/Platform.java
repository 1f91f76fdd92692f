package io.berth.engine.images;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The platform an index entry is built for (OCI image index "platform"). */
public record Platform(
        @JsonProperty("architecture") String architecture,
        @JsonProperty("os") String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        @JsonProperty("variant") String variant) {

    public static Platform of(String os, String architecture) {
        return new Platform(architecture, os, null, null, null);
    }

    /** The platform this engine runs images for: linux and the JVM's architecture in Go's names. */
    public static Platform host() {
        String arch = System.getProperty("os.arch");
        String goArch = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        return of("linux", goArch);
    }

    public boolean matches(Platform wanted) {
        return wanted.os().equals(os) && wanted.architecture().equals(architecture)
                && (wanted.variant() == null || wanted.variant().equals(variant));
    }
}
