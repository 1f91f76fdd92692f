package io.berth.controlplane.images;

import io.berth.controlplane.identity.Roles;
import io.berth.controlplane.api.RequestMetadata;
import io.berth.controlplane.containers.CommandReceipt;
import io.berth.protocol.images.ImageHistoryEntry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Images across the fleet. An image is named by its id (or a prefix of 12+ hex digits) or a
 * reference ({@code busybox}, {@code me/app:1}); references in paths may contain slashes.
 */
@Path("/api/v1/images")
@Produces(MediaType.APPLICATION_JSON)
public class ImagesResource {

    /** Body of tag. */
    public record TagRequest(String reference) {
    }

    private final ImageService images;
    private final ImageLayers layers;
    private final RequestMetadata request;

    public ImagesResource(ImageService images, ImageLayers layers, RequestMetadata request) {
        this.images = images;
        this.layers = layers;
        this.request = request;
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Operation(summary = "Images fleet-wide (each with the hosts that hold it)")
    public List<ImageSummary> listImages() {
        return images.fleetWide();
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/hosts/{hostId}")
    @Operation(summary = "Images on one host")
    public List<ImageView> imagesOnHost(@PathParam("hostId") String hostId) {
        return images.onHost(hostId);
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/import")
    @Consumes({MediaType.APPLICATION_OCTET_STREAM, "application/x-tar", "application/gzip"})
    @Operation(summary = "Upload a docker save or OCI archive and import it on a host")
    @APIResponse(responseCode = "201", description = "Stored; the host was asked to import it")
    @APIResponse(responseCode = "400", description = "Empty or not a tar archive")
    public Response importArchive(InputStream body, @QueryParam("host") String host,
            @QueryParam("repository") String repository, @QueryParam("wait") boolean wait,
            @QueryParam("timeout") @DefaultValue("60") int timeout) {
        CommandReceipt receipt = images.importArchive(body, host, repository, request.metadata());
        return Response.status(Response.Status.CREATED)
                .entity(images.await(receipt, wait, Duration.ofSeconds(Math.max(0, Math.min(timeout, 600))))).build();
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{image: .+}/history")
    @Operation(summary = "The image and its ancestors, newest first")
    public List<ImageView> imageHistory(@PathParam("image") String image, @QueryParam("host") String host) {
        return images.history(image, host);
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{image: .+}/layers")
    @Operation(summary = "The image's history steps, newest first: created by, author, comment, and each layer's"
            + " digest and size (empty-layer steps too)")
    public List<ImageHistoryEntry> imageLayers(@PathParam("image") String image, @QueryParam("host") String host) {
        return layers.of(image, host);
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{image: .+}/tag")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Give the image another name on the hosts that hold it")
    public CommandReceipt tagImage(@PathParam("image") String image, TagRequest body, @QueryParam("host") String host,
            @QueryParam("wait") boolean wait) {
        String reference = body == null ? null : body.reference();
        return images.await(images.tag(image, reference, host, request.metadata()), wait, Duration.ofSeconds(30));
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{image: .+}")
    @Operation(summary = "The image on each host that holds it")
    @APIResponse(responseCode = "404", description = "No host holds it")
    public List<ImageView> inspectImage(@PathParam("image") String image, @QueryParam("host") String host) {
        return images.inspect(image, host);
    }

    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("/{image: .+}")
    @Operation(summary = "Remove the name (or the image) on the hosts that hold it")
    public CommandReceipt removeImage(@PathParam("image") String image, @QueryParam("host") String host,
            @QueryParam("force") boolean force, @QueryParam("wait") boolean wait) {
        return images.await(images.remove(image, host, force, request.metadata()), wait, Duration.ofSeconds(30));
    }
}
