package io.berth.engine.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's health on {@code 127.0.0.1:<port>/health}: 200 when every check is up,
 * 503 otherwise, with the checks as JSON. Local only: it is for deploy scripts and probes.
 */
public final class HealthServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String hostId;
    private final KafkaConnection kafka;

    public HealthServer(int port, String hostId, KafkaConnection kafka) {
        this.hostId = hostId;
        this.kafka = kafka;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (BindException e) {
            throw new IllegalStateException("the agent's health port " + port + " is taken; set "
                    + AgentConfig.HEALTH_PORT + " to a free port", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/health", this::answer);
        server.start();
    }

    /** The port actually bound (useful when configured as 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            KafkaConnection.Status kafkaStatus = kafka.status();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", kafkaStatus.up() ? "UP" : "DOWN");
            body.put("hostId", hostId);
            body.put("checks", Map.of("kafka", Map.of(
                    "status", kafkaStatus.up() ? "UP" : "DOWN",
                    "detail", kafkaStatus.detail(),
                    "checkedAt", kafkaStatus.checkedAt().toString())));
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(kafkaStatus.up() ? 200 : 503, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
