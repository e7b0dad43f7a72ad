/**
 * permessage-deflate (RFC 7692): negotiation and per-message compression, pure JDK zlib.
 * <p>
 * Handshake: the server hands the client's offers to {@link dev.wsengine.extensions.PerMessageDeflate#negotiate}
 * and puts {@link dev.wsengine.extensions.DeflateAgreement#extension()} in its 101 (nothing when
 * the result is empty: every offer declined). The client sends
 * {@link dev.wsengine.extensions.PerMessageDeflate#offer()} and checks the answer with
 * {@link dev.wsengine.extensions.PerMessageDeflate#acceptAnswer}, failing the handshake with the
 * exception's message when it throws.
 * <p>
 * Session: one {@link dev.wsengine.extensions.MessageDeflater} and one
 * {@link dev.wsengine.extensions.MessageInflater} per connection, made from the agreement and
 * released when the connection ends. Both create their zlib state on the first compressed message
 * and, without context takeover, free it after each message, so idle connections hold no native
 * memory.
 */
package dev.wsengine.extensions;
