package io.berth.controlplane.agents;

import io.berth.controlplane.enrollment.HostCredentials;
import io.berth.protocol.agent.UnreadableMessageException;
import io.berth.protocol.channel.ChannelCodec;
import io.berth.protocol.channel.ChannelFrame;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * {@code /api/v1/agents/channel}: the WebSocket each agent dials out to (so agents behind NAT
 * work). The upgrade needs the host's current credential ({@code Authorization: Bearer
 * <hostId>.<generation>.<secret>}) for the host {@code X-Berth-Host} names; the first frame
 * must be {@code Hello} naming that same host, after which the channel carries that host's sessions and its
 * (re)connection asks the dispatcher to reconcile the host — an agent that restarted may have
 * missed instructions.
 */
@WebSocket(path = "/api/v1/agents/channel")
public class AgentChannelEndpoint {

    private static final Logger LOG = Logger.getLogger(AgentChannelEndpoint.class);
    private static final String HOST_KEY = "berth.host";
    static final String HOST_HEADER = "X-Berth-Host";

    @Inject
    WebSocketConnection connection;
    @Inject
    AgentChannels channels;
    @Inject
    ReconcileRequests reconcile;

    @OnTextMessage
    void onMessage(String text) {
        ChannelFrame frame;
        try {
            frame = ChannelCodec.decode(text);
        } catch (UnreadableMessageException e) {
            LOG.warnf("unreadable frame on an agent channel: %s", e.getMessage());
            return;
        }
        String host = connection.userData().get(io.quarkus.websockets.next.UserData.TypedKey.forString(HOST_KEY));
        if (frame instanceof ChannelFrame.Hello hello) {
            // the upgrade check verified the credential and that X-Berth-Host is its host
            String header = connection.handshakeRequest().header(HOST_HEADER);
            if (hello.hostId() == null || !hello.hostId().equals(header)) {
                connection.close(new CloseReason(1008, "Hello must name the host of the credential"))
                        .subscribe().with(ok -> { }, failure -> { });
                return;
            }
            connection.userData().put(io.quarkus.websockets.next.UserData.TypedKey.forString(HOST_KEY),
                    hello.hostId());
            // the injected connection is a proxy valid only in this callback; keep the real one
            channels.connected(hello.hostId(), io.quarkus.arc.ClientProxy.unwrap(connection));
            reconcile.request(hello.hostId(), "agent channel connected");
            return;
        }
        if (host == null) {
            connection.close(new CloseReason(1008, "the first frame must be Hello")).subscribe()
                    .with(ok -> { }, failure -> { });
            return;
        }
        channels.received(frame);
    }

    @OnClose
    void onClose() {
        String host = connection.userData().get(io.quarkus.websockets.next.UserData.TypedKey.forString(HOST_KEY));
        if (host != null) {
            channels.disconnected(host, io.quarkus.arc.ClientProxy.unwrap(connection));
        }
    }

    /**
     * Refuses the upgrade (401) unless it presents its host's current credential and
     * {@code X-Berth-Host} names that host: an agent's credential opens only its own channel.
     */
    @ApplicationScoped
    public static class CredentialCheck implements HttpUpgradeCheck {

        @Inject
        HostCredentials credentials;

        @Override
        public Uni<CheckResult> perform(HttpUpgradeContext context) {
            String claimed = context.httpRequest().getHeader(HOST_HEADER);
            return credentials.authenticate(context.httpRequest().getHeader("Authorization"))
                    .map(credential -> credential.isPresent() && credential.get().hostId().equals(claimed)
                            ? CheckResult.permitUpgradeSync() : CheckResult.rejectUpgradeSync(401));
        }

        @Override
        public boolean appliesTo(String endpointId) {
            return endpointId.contains("AgentChannelEndpoint");
        }
    }
}
