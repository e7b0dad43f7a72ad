package dev.wsengine.settings;

import dev.wsengine.settings.SendLimits;
import dev.wsengine.settings.PeerLimits;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingPropertiesTest {

    @Test
    void keepsTheBaseWhenNothingIsSet() {
        assertSame(SendLimits.defaults(), SettingProperties.sendLimits(Map.of()::get, SendLimits.defaults(), "P"));
        assertSame(PeerLimits.defaults(), SettingProperties.peerLimits(Map.of()::get, PeerLimits.defaults(), "P"));
    }

    @Test
    void readsNumbersAndDigitStringsOverTheBase() {
        Map<String, Object> set = Map.of(
                SettingProperties.SEND_QUEUE_HIGH_WATER_BYTES, "2048",
                SettingProperties.SEND_QUEUE_LOW_WATER_BYTES, 1024,
                SettingProperties.SEND_WRITE_TIMEOUT_MS, 500L,
                SettingProperties.KEEP_ALIVE_INTERVAL_MS, " 30000 ",
                SettingProperties.MAX_FRAGMENTS_PER_MESSAGE, 10);
        SendLimits send = SettingProperties.sendLimits(set::get, SendLimits.defaults(), "P");
        assertEquals(2048, send.highWaterBytes());
        assertEquals(1024, send.lowWaterBytes());
        assertEquals(500, send.writeTimeoutMs());
        assertEquals(SendLimits.DEFAULT_MAX_QUEUED_FRAMES, send.maxQueuedFrames());
        PeerLimits peer = SettingProperties.peerLimits(set::get, PeerLimits.defaults(), "P");
        assertEquals(30_000, peer.keepAliveIntervalMs());
        assertEquals(PeerLimits.DEFAULT_KEEP_ALIVE_TIMEOUT_MS, peer.keepAliveTimeoutMs());
        assertEquals(10, peer.maxFragmentsPerMessage());
        assertEquals(PeerLimits.DEFAULT_MAX_INFLATION_RATIO, peer.maxInflationRatio());
    }

    @Test
    void namesTheSourceAndThePropertyOfABadValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SettingProperties.peerLimits(
                Map.of(SettingProperties.MAX_FRAGMENTS_PER_MESSAGE, "many")::get, PeerLimits.defaults(),
                "Context parameter"));
        assertEquals("Context parameter dev.wsengine.maxFragmentsPerMessage must be a number from 1 to 2147483647,"
                + " got 'many'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SettingProperties.sendLimits(
                Map.of(SettingProperties.SEND_QUEUE_LOW_WATER_BYTES, "4000000")::get, SendLimits.defaults(), "P"));
        assertTrue(e.getMessage().startsWith("P dev.wsengine.sendQueueLowWaterBytes <= "), e.getMessage());
    }
}
