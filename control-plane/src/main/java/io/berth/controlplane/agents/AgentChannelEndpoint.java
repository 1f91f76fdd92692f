package io.berth.controlplane.agents;

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
 * work). The upgrade needs the agent token (when configured); the first frame must be
 * {@code Hello} naming the host, after which the channel carries that host's sessions and its
 * (re)connection asks the dispatcher to reconcile the host — an agent that restarted may have
 * missed instructions.
 */
@WebSocket(path = "/api/v1/agents/channel")
public class AgentChannelEndpoint {

    private static final Logger LOG = Logger.getLogger(AgentChannelEndpoint.class);
    private static final String HOST_KEY = "berth.host";

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
            String header = connection.handshakeRequest().header("X-Berth-Host");
            if (hello.hostId() == null || hello.hostId().isBlank()
                    || (header != null && !header.equals(hello.hostId()))) {
                connection.close(new CloseReason(1008, "Hello must name the host of X-Berth-Host"))
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

    /** Refuses the upgrade without the agent token. */
    @ApplicationScoped
    public static class TokenCheck implements HttpUpgradeCheck {

        @Inject
        AgentToken token;

        @Override
        public Uni<CheckResult> perform(HttpUpgradeContext context) {
            return token.permits(context.httpRequest().getHeader("Authorization")) ? CheckResult.permitUpgrade()
                    : CheckResult.rejectUpgrade(401);
        }

        @Override
        public boolean appliesTo(String endpointId) {
            return endpointId.contains("AgentChannelEndpoint");
        }
    }
}
