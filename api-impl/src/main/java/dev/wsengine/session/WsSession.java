package dev.wsengine.session;

import dev.wsengine.settings.SendLimits;
import dev.wsengine.settings.PeerLimits;
import dev.wsengine.endpoint.BinarySink;
import dev.wsengine.endpoint.Decoders;
import dev.wsengine.endpoint.Encoders;
import dev.wsengine.endpoint.HandlerAdapters;
import dev.wsengine.endpoint.MessageSink;
import dev.wsengine.endpoint.PongSink;
import dev.wsengine.endpoint.ReplySender;
import dev.wsengine.endpoint.SinkRegistry;
import dev.wsengine.endpoint.TextSink;
import dev.wsengine.extensions.MessageInflater;
import dev.wsengine.framing.CloseCodes;
import dev.wsengine.framing.ClosePayload;
import dev.wsengine.framing.CloseStatus;
import dev.wsengine.framing.FrameListener;
import dev.wsengine.framing.FrameParser;
import dev.wsengine.framing.Opcode;
import dev.wsengine.framing.ProtocolViolation;
import dev.wsengine.logging.PeerFaults;
import dev.wsengine.logging.RateLimitedLog;
import dev.wsengine.metrics.DropCause;
import dev.wsengine.metrics.EndpointMetrics;
import dev.wsengine.transport.Transport;
import dev.wsengine.transport.TransportHandler;
import dev.wsengine.transport.WriteCallback;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.security.Principal;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One WebSocket conversation: the same class on the server and the client side.
 *
 * <p>Inbound bytes arrive through {@link #onData} from the transport and flow
 * parser → {@link IncomingMessages} → sinks. Outbound messages flow remote endpoint →
 * {@link MessageSender} → {@link FrameFlusher} → transport. The close handshake, and with it
 * when TCP goes, is {@link CloseHandshake}'s; {@link SessionState} is read from it.
 *
 * <p>Threading: every endpoint callback (open, message, error, close) runs while holding
 * {@link #callbacks}, so callbacks of one session never overlap, whichever thread they come from
 * (transport, timers, application). Transport write completions never call the endpoint
 * themselves; they hand over to the executor.
 */
public final class WsSession implements Session, TransportHandler, SinkRegistry, ReplySender {

    private static final System.Logger LOG = System.getLogger(WsSession.class.getName());
    private static final RateLimitedLog ON_ERROR_THREW = new RateLimitedLog(LOG, System.Logger.Level.WARNING);
    private static final AtomicLong IDS = new AtomicLong();
    private static final long CLOSE_CALLBACK_WAIT_MS = 2_000;
    private static final VarHandle WRITE_CHECK_SCHEDULED;
    private static final VarHandle USER_PROPERTIES;
    private static final VarHandle BASIC_REMOTE;
    private static final VarHandle ASYNC_REMOTE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WRITE_CHECK_SCHEDULED = lookup.findVarHandle(WsSession.class, "writeCheckScheduled", boolean.class);
            USER_PROPERTIES = lookup.findVarHandle(WsSession.class, "userProperties", Map.class);
            BASIC_REMOTE = lookup.findVarHandle(WsSession.class, "basicRemote", BasicRemote.class);
            ASYNC_REMOTE = lookup.findVarHandle(WsSession.class, "asyncRemote", AsyncRemote.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SessionSpec spec;
    /** One String for the session's life: applications (and the TCK) compare ids with ==. */
    private final String id = Long.toHexString(IDS.incrementAndGet());
    /**
     * Starts as a copy of the (per-session) endpoint configuration's properties, handshake
     * additions included; null until asked for when that copy would be empty ({@link UserProperties}).
     */
    private volatile Map<String, Object> userProperties;
    private final ReentrantLock callbacks = new ReentrantLock();
    private final FrameFlusher flusher;
    /** True while a check of the write progress of a queue above its high-water mark is scheduled. */
    /** Set while a write-progress check is on the scheduler; through {@link #WRITE_CHECK_SCHEDULED}, not an object per session. */
    private volatile boolean writeCheckScheduled;
    private final MessageSender sender;
    private final FrameParser parser;
    private final IncomingMessages messages;
    /** When the connection is read: stopped by our full send queue and by streamed messages' readers. */
    private final InboundWindow inbound;
    /** Null unless permessage-deflate was agreed; used only under the callback lock. */
    private final MessageInflater inflater;
    private final IdleTimer idleTimer;
    private final KeepAlive keepAlive;
    private final CloseHandshake handshake;
    /** Made when first asked for, as is {@link #asyncRemote}: most applications use only one of them. */
    private volatile BasicRemote basicRemote;
    /** Bytes of the message being assembled, charged to the budget ({@link #chargeInbound}). */
    private volatile long inboundBytes;
    /** This session as the container's {@link BufferBudget} sees it. */
    private final BufferBudget.Holder budgetShare = new BufferBudget.Holder() {
        @Override
        public long heldBytes() {
            return flusher.pendingBytes() + inboundBytes;
        }

        @Override
        public long floorBytes() {
            return spec.sendLimits.lowWaterBytes();
        }

        @Override
        public void shed(String reason) {
            messages.discard(); // at once: the message its peer is sending stops growing
            spec.executor.execute(() -> dropPeer(CloseCodes.TRY_AGAIN_LATER, CloseCodes.TRY_AGAIN_LATER, reason,
                    PeerFaults.dropped(reason)));
            // Its frame being written goes only if its peer reads: if not, and nothing else is
            // charged meanwhile, the end of its grace is when it is cut.
            spec.scheduler.schedule(spec.bufferBudget::shedLoad, spec.bufferBudget.graceMs() + 1, TimeUnit.MILLISECONDS);
        }

        @Override
        public void cut(String reason) {
            spec.executor.execute(() -> {
                Transport t = transport;
                if (t != null) {
                    t.close(true);
                }
            });
        }
    };
    private volatile AsyncRemote asyncRemote;

    /** Set once the transport has opened the session (before that it is {@link SessionState#NEW}). */
    private volatile boolean opened;
    /** True once onClose has returned: from then on the session is unusable for the application. */
    private volatile boolean finished;
    private boolean closeNotified;
    /**
     * What onClose will be told once the close handshake or a failure has begun; the transport may
     * report the end of the connection before the code that started the close gets to say so.
     */
    private volatile CloseReason closingReason;
    /** A close asked for before the transport opened the session; carried out right after onOpen. */
    private volatile CloseReason closeOnOpen;
    private volatile Transport transport;
    private volatile int maxTextMessageBufferSize;
    private volatile int maxBinaryMessageBufferSize;
    private volatile TextSink textSink;
    private volatile BinarySink binarySink;
    private volatile PongSink pongSink;
    private Decoders decoders;
    private Encoders encoders;

    public WsSession(SessionSpec spec) {
        this.spec = spec;
        this.userProperties = UserProperties.copyOrNull(spec.config instanceof UserProperties.Source lazy
                ? lazy.userPropertiesIfMade() : spec.config.getUserProperties());
        this.maxTextMessageBufferSize = spec.maxTextMessageBufferSize;
        this.maxBinaryMessageBufferSize = spec.maxBinaryMessageBufferSize;
        this.flusher = new FrameFlusher(spec.sendLimits, FrameBufferPool.shared(), this::onOutboundPressure, spec.metrics,
                spec.bufferBudget);
        this.sender = new MessageSender(flusher, FrameEncoder.shared(spec.client), spec.deflate, spec.metrics);
        this.inbound = new InboundWindow(spec.executor, () -> onData(InboundWindow.noBytes()));
        this.messages = new IncomingMessages(this, inbound);
        int maxFragments = spec.peerLimits.maxFragmentsPerMessage();
        if (spec.deflate != null) {
            this.inflater = spec.deflate.newInflater();
            FrameListener inflating = new InflatingListener(messages, inflater, spec.peerLimits.maxInflationRatio());
            this.parser = new FrameParser(new FragmentLimit(inflating, maxFragments), !spec.client, Long.MAX_VALUE);
            parser.setAllowedRsv(InflatingListener.RSV1);
        } else {
            this.inflater = null;
            this.parser = new FrameParser(new FragmentLimit(messages, maxFragments), !spec.client, Long.MAX_VALUE);
        }
        inbound.use(parser);
        this.idleTimer = new IdleTimer(spec.idleWheel, () -> spec.executor.execute(this::onIdleTimeout));
        this.keepAlive = spec.peerLimits.keepAliveIntervalMs() <= 0 ? KeepAlive.OFF
                : new KeepAlive(spec.scheduler, spec.peerLimits.keepAliveIntervalMs(),
                        spec.peerLimits.keepAliveTimeoutMs(), this::sendKeepAlivePing,
                        () -> spec.executor.execute(this::onKeepAliveTimeout));
        this.handshake = new CloseHandshake(new CloseHandshake.Connection() {
            @Override
            public void sendClose(ByteBuffer payload, WriteCallback written) {
                sender.sendControl(Opcode.CLOSE, payload, written);
            }

            @Override
            public void closeTcp(CloseHandshake.TcpEnd end) {
                Transport t = transport;
                if (t == null) {
                    return;
                }
                switch (end) {
                    case ABORT -> t.close(true);
                    case AFTER_WRITES -> t.close(false);
                    case HANDSHAKE_DONE -> t.closeAfterCloseHandshake();
                }
            }
        }, spec.client, spec.closeTimeoutMs, spec.scheduler, spec.executor);
    }

    // ---------------------------------------------------------------- transport events

    @Override
    public void onOpen(Transport transport) {
        ClassLoader previous = enterApplication();
        callbacks.lock();
        try {
            this.transport = transport;
            opened = true;
            flusher.attach(transport);
            inbound.attach(transport);
            spec.bufferBudget.join(budgetShare);
            spec.openSessions.add(this);
            spec.metrics.sessionOpened();
            if (spec.unopened != null) {
                spec.unopened.remove(this);
            }
            idleTimer.setTimeout(spec.maxIdleTimeoutMs);
            keepAlive.start();
            try {
                decoders = Decoders.create(spec.config.getDecoders(), spec.config);
                encoders = Encoders.create(spec.config.getEncoders(), spec.config);
                spec.endpoint.onOpen(this, spec.config);
                CloseReason early = closeOnOpen;
                if (early != null) {
                    int code = early.getCloseCode().getCode();
                    closeLocally(code, early.getReasonPhrase(), code);
                }
            } catch (Throwable t) {
                notifyError(t);
                closeLocally(CloseCodes.INTERNAL_ERROR, "Endpoint failed to open", CloseCodes.INTERNAL_ERROR);
            }
        } finally {
            callbacks.unlock();
            leaveApplication(previous);
        }
    }

    @Override
    public void onData(ByteBuffer data) {
        ClassLoader previous = enterApplication();
        callbacks.lock();
        try {
            if (handshake.isClosed()) {
                return;
            }
            idleTimer.touch();
            keepAlive.onInbound();
            inbound.parse(data);
        } catch (ProtocolViolation violation) {
            messages.connectionLost(violation);
            failConnection(violation.closeCode(), violation.getMessage(), violation);
        } finally {
            callbacks.unlock();
            leaveApplication(previous);
        }
    }

    @Override
    public void onClosed(Throwable cause) {
        handshake.onTcpGone();
        keepAlive.stop();
        // Wake any blocked sender before waiting for the callback lock it may be holding.
        flusher.fail(cause != null ? cause : new ClosedChannelException());
        messages.connectionLost(cause); // an application method reading a stream may hold the callback lock's next turn
        ClassLoader previous = enterApplication();
        callbacks.lock();
        try {
            idleTimer.stop();
            releaseCompression();
            messages.releaseBuffers(); // their bytes go back to the budget
            spec.bufferBudget.leave(budgetShare);
            CloseReason reason = closingReason;
            if (reason == null) { // neither side sent a Close: the peer vanished
                spec.metrics.dropped(DropCause.CONNECTION_LOST);
            }
            notifyClose(reason != null ? reason : new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY,
                    cause == null ? "Connection closed without a Close frame" : String.valueOf(cause.getMessage())));
        } finally {
            callbacks.unlock();
            leaveApplication(previous);
        }
    }

    /**
     * The buffers of the message being assembled grew (or shrank) by {@code delta} bytes: charged
     * to the container's budget like queued bytes, so that peers sending big messages slowly are
     * counted too. On the reading thread, under the callback lock.
     */
    void chargeInbound(long delta) {
        inboundBytes += delta;
        if (spec.bufferBudget.add(delta)) {
            spec.bufferBudget.shedLoad();
        }
    }

    /**
     * Inbound bytes held in memory for streamed messages: what their readers have not taken yet,
     * plus input left unparsed while one of them is behind.
     */
    public long heldInboundBytes() {
        return messages.streamedBytes() + inbound.unparsedBytes();
    }

    /**
     * The transport holds more of the peer's bytes than the application has consumed: the peer is
     * closed with 1008, as one that does not read is (it is the peer's conduct, sending far ahead
     * of what it is answered), through the close handshake, off the transport's thread.
     */
    @Override
    public boolean onOverload(String reason) {
        if (!opened) {
            return false; // nothing to say a Close on yet
        }
        spec.executor.execute(() -> dropPeer(CloseCodes.POLICY_VIOLATION, CloseCodes.POLICY_VIOLATION, reason,
                PeerFaults.dropped(reason)));
        return true;
    }

    /** True while either direction's permessage-deflate holds zlib state (native memory). */
    boolean holdsZlibState() {
        return sender.holdsZlibState() || (inflater != null && inflater.holdsZlibState());
    }

    /** zlib's native memory goes back as soon as the connection is gone, not when the session is garbage. */
    private void releaseCompression() {
        sender.release();
        if (inflater != null) {
            inflater.release();
        }
    }

    /** Endpoint code runs with the application's class loader as the thread's context class loader. */
    private ClassLoader enterApplication() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (spec.classLoader != null && previous != spec.classLoader) {
            thread.setContextClassLoader(spec.classLoader);
        }
        return previous;
    }

    private static void leaveApplication(ClassLoader previous) {
        Thread.currentThread().setContextClassLoader(previous);
    }

    // ---------------------------------------------------------------- frames from IncomingMessages

    void onPing(ByteBuffer payload) {
        if (isOpen()) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
            sender.sendAutomaticPong(copy, AUTOMATIC_PONG);
        }
    }

    void onPong(ByteBuffer payload) {
        PongSink sink = pongSink;
        if (sink != null && isOpen()) {
            Pong pong = Pong.copyOf(payload);
            deliver(() -> sink.onPong(pong));
        }
    }

    /** The peer's Close: onClose if it has not run, then {@link CloseHandshake} answers it and lets TCP go. */
    void onCloseFrame(ByteBuffer payload) {
        CloseStatus status = ClosePayload.parse(payload);
        spec.metrics.closeReceived(status.code());
        if (isOpen()) {
            CloseReason reason = new CloseReason(CloseReason.CloseCodes.getCloseCode(status.code()), status.reason());
            closingReason = reason;
            // onClose runs while the session still counts as open and before our answering Close
            // goes out: what it sends still reaches the peer (as in Tomcat, and as the TCK's
            // endpoints expect), and nobody sees isOpen() false before onClose has run. If onClose
            // closes the session itself, its Close is the answer.
            notifyClose(reason);
        }
        if (handshake.onPeerClose(status.code() == CloseCodes.NO_STATUS
                ? ByteBuffer.allocate(0) : ClosePayload.encode(status.code(), ""))) {
            spec.metrics.closeSent(status.code(), null);
        }
    }

    /** Runs one delivery to a sink; what the application throws goes to its onError. */
    void deliver(Delivery delivery) {
        try {
            delivery.run();
        } catch (Throwable t) {
            notifyError(t);
        }
    }

    /**
     * Runs the application's method for a streamed message on the executor, not on the read path:
     * the method may block reading, and the read path must go on feeding it meanwhile. It does not
     * hold the callback lock while it runs (the read path needs it to feed the stream); the next
     * message and the peer's Close wait until it has returned ({@link InboundWindow}). What it
     * throws goes to onError, under the lock, before the read path goes on.
     */
    void deliverStreamed(StreamedMessage message, Delivery delivery) {
        Runnable task = () -> {
            ClassLoader previous = enterApplication();
            try {
                delivery.run();
            } catch (Throwable t) {
                message.closeNow(); // a read path waiting for this reader must not hold the lock we need
                callbacks.lock();
                try {
                    notifyError(t);
                } finally {
                    callbacks.unlock();
                }
            } finally {
                message.methodReturned();
                leaveApplication(previous);
            }
        };
        try {
            spec.executor.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            message.fail(new IOException("No thread to read the message with", e));
            throw new ProtocolViolation(CloseCodes.TRY_AGAIN_LATER,
                    "The container's executor refused the task that reads a streamed message");
        }
    }

    @FunctionalInterface
    interface Delivery {
        void run() throws Exception;
    }

    EndpointMetrics metrics() {
        return spec.metrics;
    }

    // ---------------------------------------------------------------- closing

    @Override
    public void close() throws IOException {
        close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
    }

    @Override
    public void close(CloseReason closeReason) throws IOException {
        if (!opened) {
            closeOnOpen = closeReason;
            if (!opened) {
                return;
            }
        }
        int code = closeReason.getCloseCode().getCode();
        closeLocally(code, closeReason.getReasonPhrase(), code);
    }

    /**
     * Starts the close handshake from our side: {@code wireCode} goes to the peer, {@code localCode}
     * to our own onClose (they differ for an idle timeout: the peer hears 1001, the application 1006).
     * A code that may not be sent travels as a Close without a code.
     */
    private void closeLocally(int wireCode, String reason, int localCode) {
        String phrase = reason == null ? "" : reason;
        CloseReason local = new CloseReason(CloseReason.CloseCodes.getCloseCode(localCode), phrase);
        ByteBuffer payload = CloseCodes.mayBeSent(wireCode)
                ? ClosePayload.encode(wireCode, phrase) : ByteBuffer.allocate(0);
        // Before the Close goes out: the peer's answer may end the connection before we get further.
        if (handshake.start(payload, () -> closingReason = local)) {
            spec.metrics.closeSent(wireCode, null);
            withCallbackLock(() -> notifyClose(local));
        }
    }

    /**
     * Runs endpoint code under the callback lock without ever waiting for it here: a thread that
     * closes a session while another thread is inside one of its callbacks must not block (two
     * sessions closing each other from their onMessage would deadlock), so the work moves to
     * the executor and runs once the callback in progress returns.
     */
    private void withCallbackLock(Runnable work) {
        if (callbacks.isHeldByCurrentThread()) {
            work.run();
        } else if (tryLockAWhile()) {
            try {
                work.run();
            } finally {
                callbacks.unlock();
            }
        } else {
            spec.executor.execute(() -> {
                ClassLoader previous = enterApplication();
                callbacks.lock();
                try {
                    work.run();
                } finally {
                    callbacks.unlock();
                    leaveApplication(previous);
                }
            });
        }
    }

    /**
     * Applications expect onClose to have run when close() returns (the TCK checks it right away),
     * so close() waits for a callback in progress; but only for a while, since two sessions
     * closing each other from their own callbacks would otherwise wait forever.
     */
    private boolean tryLockAWhile() {
        try {
            return callbacks.tryLock(CLOSE_CALLBACK_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Fails the connection (RFC 6455 section 7.1.7) on a violation the peer committed: a Close with
     * the code and reason if we still can, then TCP goes ({@link CloseHandshake#fail}).
     */
    private void failConnection(int code, String reason, Throwable cause) {
        CloseReason local = new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason);
        if (closingReason == null) {
            closingReason = local;
        }
        // onError runs once the session counts as closed and before our Close goes out (as
        // before the handshake had a class of its own): isOpen() is false in it.
        if (handshake.fail(ClosePayload.encode(code, reason), cause == null ? null : () -> notifyError(cause))) {
            spec.metrics.closeSent(code, DropCause.ofFailure(code));
        }
        notifyClose(closingReason);
    }

    /** A send gave up on a peer that does not read: the peer is closed as {@link #closeSlowPeer} does. */
    void abort(Throwable cause) {
        closeSlowPeer("Peer not reading: a send was not written within its timeout", cause);
    }

    // ---------------------------------------------------------------- slow peers (SendLimits)

    /**
     * The outgoing queue crossed its high-water mark (stop reading from the peer, so that a peer
     * that does not read our replies cannot make us queue more of them, and watch that the queue
     * drains) or fell back to its low-water mark (read again). Runs under the flusher's lock.
     */
    private void onOutboundPressure(boolean high) {
        if (high) {
            inbound.outboundPressure(true);
            scheduleWriteCheck(spec.sendLimits.writeTimeoutMs());
        } else if (!handshake.isClosed()) {
            inbound.outboundPressure(false);
        }
    }

    private void scheduleWriteCheck(long delayMs) {
        if (WRITE_CHECK_SCHEDULED.compareAndSet(this, false, true)) {
            spec.scheduler.schedule(this::checkWriteProgress, Math.max(1, delayMs), TimeUnit.MILLISECONDS);
        }
    }

    /** While above the high-water mark: a queue that made no progress for the write timeout closes the peer. */
    private void checkWriteProgress() {
        writeCheckScheduled = false;
        if (!flusher.isAboveHighWater() || handshake.isClosed()) {
            return;
        }
        long timeoutMs = spec.sendLimits.writeTimeoutMs();
        long stalledMs = flusher.stalledNanos() / 1_000_000;
        if (stalledMs < timeoutMs) {
            scheduleWriteCheck(timeoutMs - stalledMs);
            return;
        }
        String reason = "Peer not reading: " + flusher.pendingBytes() + " bytes unwritten for " + stalledMs + " ms";
        spec.executor.execute(() -> closeSlowPeer(reason, new java.net.SocketTimeoutException(reason)));
    }

    /**
     * Closes a peer that does not read: 1008 (policy violation: it is the peer's conduct, not a
     * condition of ours that a retry would fix, which is what 1013 would say). Frames not yet
     * started are dropped and their senders fail with {@code cause}; the frame being written is
     * left to finish, since a frame cannot be cut, and the Close follows it; TCP goes once the Close
     * is written, or after the close timeout. Reading resumes, discarding what arrives, so the
     * socket never closes on unread input (which makes the kernel send a reset instead of a FIN).
     */
    void closeSlowPeer(String reason, Throwable cause) {
        dropPeer(CloseCodes.POLICY_VIOLATION, CloseCodes.POLICY_VIOLATION, reason, cause);
    }

    /**
     * A peer that stopped answering Pings: 1001 to it and 1006 to the application, as for an
     * idle timeout (see {@link PeerLimits}); its queued frames are dropped, since it reads nothing.
     */
    private void onKeepAliveTimeout() {
        String reason = "No answer to a Ping within " + spec.peerLimits.keepAliveTimeoutMs() + " ms";
        dropPeer(CloseCodes.GOING_AWAY, CloseCodes.ABNORMAL, reason, new java.net.SocketTimeoutException(reason));
    }

    private void sendKeepAlivePing() {
        if (isOpen()) {
            sender.sendControl(Opcode.PING, ByteBuffer.allocate(0), IGNORE_WRITE_RESULT);
        }
    }

    /**
     * Ends an open session on the peer's account, from outside the read path: queued frames are
     * dropped (their senders fail with {@code cause}), our Close goes, TCP follows it without
     * waiting for an answer; nothing when a close handshake is already under way, which has its
     * own timer.
     */
    private void dropPeer(int wireCode, int localCode, String reason, Throwable cause) {
        CloseReason local = new CloseReason(CloseReason.CloseCodes.getCloseCode(localCode), reason);
        boolean dropped = handshake.failIfOpen(ClosePayload.encode(wireCode, reason), () -> {
            if (closingReason == null) {
                closingReason = local;
            }
            flusher.dropQueued(cause);
        });
        if (!dropped) {
            return;
        }
        messages.discard();
        withCallbackLock(messages::releaseBuffers); // its peer may have sent all it will: free them now
        spec.metrics.closeSent(wireCode, switch (wireCode) {
            case CloseCodes.POLICY_VIOLATION -> DropCause.SLOW_PEER;
            case CloseCodes.TRY_AGAIN_LATER -> DropCause.OVERLOAD;
            default -> DropCause.IDLE_TIMEOUT;
        });
        Transport t = transport;
        if (t != null) {
            t.resumeReading();
        }
        withCallbackLock(() -> notifyClose(closingReason));
    }

    /**
     * What an {@code @OnMessage} method returned, queued without waiting for the peer to read it:
     * the delivery thread goes back to the transport, and the queue's high-water mark stops reading
     * from a peer that does not read its replies. Encoding failures and a refused send (queue full)
     * are thrown here, as from a blocking send; a write that fails later fails the connection,
     * which onClose reports.
     */
    @Override
    public void sendReply(Object value, boolean ownedByUs) throws IOException, EncodeException {
        checkNotFinished();
        SendFuture done = new SendFuture();
        if (value instanceof String text) {
            checkCanSend();
            sender.sendText(text, done);
        } else if (value instanceof ByteBuffer bytes) {
            checkCanSend();
            sender.sendBinary(ownedByUs ? bytes : copyOf(bytes), done);
        } else if (value instanceof byte[] bytes) {
            checkCanSend();
            sender.sendBinary(ByteBuffer.wrap(ownedByUs ? bytes : bytes.clone()), done);
        } else {
            Encoders.Encoded encoded = encoders.encode(value);
            checkCanSend();
            if (encoded.isText()) {
                sender.sendText(encoded.text(), done);
            } else {
                sender.sendBinary(encoded.binary(), done);
            }
        }
        if (done.isCompletedExceptionally()) {
            done.await(0); // refused at once: throws its IOException
        }
    }

    private static ByteBuffer copyOf(ByteBuffer source) {
        return ByteBuffer.allocate(source.remaining()).put(source.duplicate()).flip();
    }

    long writeTimeoutMs() {
        return spec.sendLimits.writeTimeoutMs();
    }

    private void onIdleTimeout() {
        spec.metrics.dropped(DropCause.IDLE_TIMEOUT);
        closeLocally(CloseCodes.GOING_AWAY, "Idle timeout of " + idleTimer.timeout() + " ms expired",
                CloseCodes.ABNORMAL);
    }

    private void notifyClose(CloseReason reason) {
        if (closeNotified) {
            return;
        }
        closeNotified = true;
        spec.openSessions.remove(this);
        if (transport != null) { // it was opened (onOpen set it), so it was counted open
            spec.metrics.sessionClosed();
        }
        idleTimer.stop();
        keepAlive.stop();
        try {
            spec.endpoint.onClose(this, reason);
        } catch (Throwable t) {
            notifyError(t);
        } finally {
            finished = true;
            if (decoders != null) {
                decoders.close();
            }
            if (encoders != null) {
                encoders.close();
            }
        }
    }

    private void notifyError(Throwable error) {
        try {
            spec.endpoint.onError(this, error);
        } catch (Throwable t) {
            t.addSuppressed(error);
            ON_ERROR_THREW.log(() -> "onError of session " + getId() + " threw", t);
        }
    }

    private static final WriteCallback IGNORE_WRITE_RESULT = new WriteCallback() {
        @Override
        public void completed() {
        }

        @Override
        public void failed(Throwable cause) {
            // The connection is gone; onClosed reports it.
        }
    };

    /** Marks automatic Pongs in a session's queue, which holds a bounded number of them. */
    private static final WriteCallback AUTOMATIC_PONG = new WriteCallback() {
        @Override
        public void completed() {
        }

        @Override
        public void failed(Throwable cause) {
            // The connection is gone; onClosed reports it.
        }
    };

    // ---------------------------------------------------------------- used by the remote endpoints

    void checkCanSend() throws IOException {
        if (!isOpen()) {
            throw new IOException("Session " + getId() + " is closed (state " + state() + "): nothing more can be sent");
        }
        idleTimer.touch();
    }

    Executor executor() {
        return spec.executor;
    }

    ScheduledExecutorService scheduler() {
        return spec.scheduler;
    }

    TextSink textSink() {
        return textSink;
    }

    BinarySink binarySink() {
        return binarySink;
    }

    // ---------------------------------------------------------------- SinkRegistry

    @Override
    public void register(MessageSink sink) {
        synchronized (this) {
            if (sink instanceof TextSink t) {
                requireFree(textSink, "text");
                textSink = t;
            } else if (sink instanceof BinarySink b) {
                requireFree(binarySink, "binary");
                binarySink = b;
            } else {
                requireFree(pongSink, "pong");
                pongSink = (PongSink) sink;
            }
        }
    }

    private static void requireFree(MessageSink existing, String kind) {
        if (existing != null) {
            throw new IllegalStateException("A " + kind + " message handler is already registered on this session");
        }
    }

    @Override
    public Decoders decoders() {
        return decoders;
    }

    @Override
    public Encoders encoders() {
        return encoders;
    }

    // ---------------------------------------------------------------- jakarta.websocket.Session

    @Override
    public void addMessageHandler(MessageHandler handler) {
        checkNotFinished();
        register(HandlerAdapters.adapt(handler, decoders));
    }

    @Override
    public <T> void addMessageHandler(Class<T> clazz, MessageHandler.Whole<T> handler) {
        checkNotFinished();
        register(HandlerAdapters.adapt(handler, clazz, false, decoders));
    }

    @Override
    public <T> void addMessageHandler(Class<T> clazz, MessageHandler.Partial<T> handler) {
        checkNotFinished();
        register(HandlerAdapters.adapt(handler, clazz, true, decoders));
    }

    @Override
    public Set<MessageHandler> getMessageHandlers() {
        checkNotFinished();
        Set<MessageHandler> handlers = new HashSet<>();
        for (MessageSink sink : new MessageSink[] {textSink, binarySink, pongSink}) {
            if (sink != null && sink.handler() != null) {
                handlers.add(sink.handler());
            }
        }
        return Collections.unmodifiableSet(handlers);
    }

    @Override
    public void removeMessageHandler(MessageHandler handler) {
        checkNotFinished();
        synchronized (this) {
            if (textSink != null && textSink.handler() == handler) {
                textSink = null;
            }
            if (binarySink != null && binarySink.handler() == handler) {
                binarySink = null;
            }
            if (pongSink != null && pongSink.handler() == handler) {
                pongSink = null;
            }
        }
    }

    @Override
    public RemoteEndpoint.Basic getBasicRemote() {
        checkNotFinished();
        BasicRemote remote = basicRemote;
        return remote != null ? remote : SetOnce.set(BASIC_REMOTE, this, new BasicRemote(this, sender, flusher));
    }

    @Override
    public RemoteEndpoint.Async getAsyncRemote() {
        checkNotFinished();
        // One instance only: its send timeout is state the application may have set.
        AsyncRemote remote = asyncRemote;
        return remote != null ? remote
                : SetOnce.set(ASYNC_REMOTE, this, new AsyncRemote(this, sender, flusher, spec.asyncSendTimeoutMs));
    }

    /** True once the close handshake is over or the connection failed: nothing more will happen on the wire. */
    public boolean isClosed() {
        return handshake.isClosed();
    }

    @Override
    public boolean isOpen() {
        return opened && handshake.isOpen();
    }

    /** Where the session is in its life, as {@link CloseHandshake} has it. */
    SessionState state() {
        if (!opened) {
            return SessionState.NEW;
        }
        if (handshake.isClosed()) {
            return SessionState.CLOSED;
        }
        return handshake.sent() == CloseHandshake.Sent.NOTHING ? SessionState.OPEN : SessionState.CLOSE_SENT;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public WebSocketContainer getContainer() {
        checkNotFinished();
        return spec.container;
    }

    @Override
    public String getProtocolVersion() {
        checkNotFinished();
        return "13";
    }

    @Override
    public String getNegotiatedSubprotocol() {
        checkNotFinished();
        return spec.subprotocol;
    }

    @Override
    public List<Extension> getNegotiatedExtensions() {
        checkNotFinished();
        return spec.extensions;
    }

    @Override
    public boolean isSecure() {
        checkNotFinished();
        return spec.secure;
    }

    @Override
    public long getMaxIdleTimeout() {
        checkNotFinished();
        return idleTimer.timeout();
    }

    @Override
    public void setMaxIdleTimeout(long milliseconds) {
        checkNotFinished();
        idleTimer.setTimeout(milliseconds);
    }

    @Override
    public void setMaxBinaryMessageBufferSize(int length) {
        checkNotFinished();
        maxBinaryMessageBufferSize = length;
    }

    @Override
    public int getMaxBinaryMessageBufferSize() {
        checkNotFinished();
        return maxBinaryMessageBufferSize;
    }

    @Override
    public void setMaxTextMessageBufferSize(int length) {
        checkNotFinished();
        maxTextMessageBufferSize = length;
    }

    @Override
    public int getMaxTextMessageBufferSize() {
        checkNotFinished();
        return maxTextMessageBufferSize;
    }

    @Override
    public URI getRequestURI() {
        checkNotFinished();
        return spec.requestUri.get();
    }

    @Override
    public Map<String, List<String>> getRequestParameterMap() {
        checkNotFinished();
        return spec.requestParameterMap;
    }

    @Override
    public String getQueryString() {
        checkNotFinished();
        return spec.queryString;
    }

    @Override
    public Map<String, String> getPathParameters() {
        checkNotFinished();
        return spec.pathParameters;
    }

    @Override
    public Map<String, Object> getUserProperties() {
        return UserProperties.get(USER_PROPERTIES, this);
    }

    @Override
    public Principal getUserPrincipal() {
        checkNotFinished();
        return spec.userPrincipal;
    }

    @Override
    public Set<Session> getOpenSessions() {
        checkNotFinished();
        Set<Session> open = new HashSet<>();
        for (Session s : spec.openSessions) {
            if (s.isOpen()) {
                open.add(s);
            }
        }
        return Collections.unmodifiableSet(open);
    }

    /** The API: every method but close() throws once the session is closed and its onClose has run. */
    private void checkNotFinished() {
        if (finished) {
            throw new IllegalStateException("Session " + getId() + " is closed");
        }
    }

    @Override
    public String toString() {
        return "WsSession[" + getId() + ", " + state() + ", " + spec.requestUri + "]";
    }
}
