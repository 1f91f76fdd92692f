package io.berth.protocol.agent;

/** Instructions about the images on a host. */
public final class ImageInstructions {

    private ImageInstructions() {
    }

    /**
     * Load a {@code docker save} or OCI archive that was uploaded to the control plane: the
     * agent fetches it from {@code uploadId} over its direct connection to the control plane.
     */
    @MessageType(name = "image.import")
    public record ImportImage(String uploadId, String defaultRepository) implements Instruction {
    }

    /** Give image {@code source} (name or id) the additional name {@code target}. */
    @MessageType(name = "image.tag")
    public record TagImage(String source, String target) implements Instruction {
    }

    /** {@code docker rmi}; refused while a container uses it unless {@code force}. */
    @MessageType(name = "image.remove")
    public record RemoveImage(String image, boolean force) implements Instruction {
    }
}
