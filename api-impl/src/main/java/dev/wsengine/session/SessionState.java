package dev.wsengine.session;

/**
 * The life of a session, which is the life of its close handshake (RFC 6455 section 7).
 *
 * <pre>
 *   NEW ──open──▶ OPEN ──we send Close──▶ CLOSE_SENT ──peer's Close──▶ CLOSED
 *                  │                                                      ▲
 *                  ├──peer's Close (we answer it)─────────────────────────┤
 *                  └──protocol violation, lost connection, abort──────────┘
 * </pre>
 * Only OPEN carries messages. In CLOSE_SENT inbound data is still read (and dropped) until the
 * peer's Close arrives or the close timeout cuts the connection.
 * <p>
 * A view, not a machine of its own: {@link WsSession#state()} reads it from whether the session
 * has opened and from its {@link CloseHandshake} (what each direction has sent, and whether the
 * connection failed), which also decides when TCP goes.
 */
enum SessionState {
    /** Made by the handshake; the transport has not opened it yet. */
    NEW,
    /** Messages flow both ways. */
    OPEN,
    /** Our Close is queued or sent; nothing but the peer's Close is awaited. */
    CLOSE_SENT,
    /** Both Close frames have crossed, or the connection failed: only TCP is left to go. */
    CLOSED
}
