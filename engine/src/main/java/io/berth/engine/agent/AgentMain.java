package io.berth.engine.agent;

import java.util.concurrent.CountDownLatch;

/** The agent process: {@code java -cp … io.berth.engine.agent.AgentMain}. */
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Agent agent;
        try {
            agent = Agent.start(AgentConfig.fromEnvironment());
        } catch (RuntimeException e) {
            // One clear line for the operator, not a stack trace.
            System.err.println("berth-agent: cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "agent-shutdown"));
        stopped.await();
    }
}
