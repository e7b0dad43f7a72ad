package dev.wsengine.metrics;

import java.util.Map;

/** One endpoint path's counters as a JMX bean. */
final class EndpointView implements EndpointMXBean {

    private final EndpointMetrics metrics;

    EndpointView(EndpointMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public String getPath() {
        return metrics.path();
    }

    @Override
    public long getOpenSessions() {
        return metrics.openSessions();
    }

    @Override
    public long getSessionsOpened() {
        return metrics.sessionsOpened();
    }

    @Override
    public long getHandshakesAccepted() {
        return metrics.handshakesAccepted();
    }

    @Override
    public Map<Integer, Long> getHandshakesRefused() {
        return metrics.handshakesRefused();
    }

    @Override
    public long getMessagesIn() {
        return metrics.messagesIn();
    }

    @Override
    public long getBytesIn() {
        return metrics.bytesIn();
    }

    @Override
    public long getMessagesOut() {
        return metrics.messagesOut();
    }

    @Override
    public long getBytesOut() {
        return metrics.bytesOut();
    }

    @Override
    public Map<Integer, Long> getCloseCodesSent() {
        return metrics.closeCodesSent();
    }

    @Override
    public Map<Integer, Long> getCloseCodesReceived() {
        return metrics.closeCodesReceived();
    }

    @Override
    public Map<String, Long> getDrops() {
        return metrics.drops();
    }

    @Override
    public long getSendQueueHighWaterBytes() {
        return metrics.sendQueueHighWaterBytes();
    }
}
