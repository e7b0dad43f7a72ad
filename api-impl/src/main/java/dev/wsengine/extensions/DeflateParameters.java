package dev.wsengine.extensions;

import jakarta.websocket.Extension;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The parameters of one permessage-deflate offer or answer (RFC 7692 section 7.1), immutable.
 * <p>
 * {@link #parseOffer} and {@link #parseAnswer} apply every syntactic rule of section 7.1: only the
 * four defined parameters, each at most once, the two {@code *_no_context_takeover} ones without a
 * value, window bits as a decimal integer from 8 to 15 without leading zeros, and
 * {@code client_max_window_bits} without a value only in an offer. Whether we can <em>honour</em>
 * valid parameters is decided by {@link PerMessageDeflate}, not here.
 * <p>
 * Parsing is lenient only where HTTP is: names compare case-insensitively, surrounding
 * whitespace is ignored, and a value may arrive as an HTTP quoted-string (RFC 6455 section 9.1
 * allows it; the unquoted value must still be a valid token, here a window size).
 */
public final class DeflateParameters {

    /** The extension token of RFC 7692 section 7. */
    public static final String EXTENSION_NAME = "permessage-deflate";

    public static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    public static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    public static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    public static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

    public static final int MIN_WINDOW_BITS = 8;
    public static final int MAX_WINDOW_BITS = 15;

    /** Marks a window-bits parameter as absent. */
    private static final int ABSENT = -1;
    /** Marks {@code client_max_window_bits} as present without a value (offers only). */
    private static final int NO_VALUE = 0;

    private static final DeflateParameters NONE = new DeflateParameters(false, false, ABSENT, ABSENT);

    private final boolean serverNoContextTakeover;
    private final boolean clientNoContextTakeover;
    private final int serverMaxWindowBits;
    private final int clientMaxWindowBits;

    private DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                              int serverMaxWindowBits, int clientMaxWindowBits) {
        this.serverNoContextTakeover = serverNoContextTakeover;
        this.clientNoContextTakeover = clientNoContextTakeover;
        this.serverMaxWindowBits = serverMaxWindowBits;
        this.clientMaxWindowBits = clientMaxWindowBits;
    }

    /** A plain {@code permessage-deflate} with no parameters. */
    public static DeflateParameters none() {
        return NONE;
    }

    /** True when {@code extension} is named permessage-deflate (whatever its parameters). */
    public static boolean isPerMessageDeflate(Extension extension) {
        return extension != null && extension.getName() != null
                && EXTENSION_NAME.equalsIgnoreCase(extension.getName().strip());
    }

    /**
     * The parameters of a client's offer.
     *
     * @throws DeflateNegotiationException when the offer breaks RFC 7692 section 7.1; the server
     *                                     must then decline this offer
     */
    public static DeflateParameters parseOffer(Extension offer) throws DeflateNegotiationException {
        return parse(offer, true);
    }

    /**
     * The parameters of a server's answer.
     *
     * @throws DeflateNegotiationException when the answer breaks RFC 7692 section 7.1; the client
     *                                     must then fail the connection
     */
    public static DeflateParameters parseAnswer(Extension answer) throws DeflateNegotiationException {
        return parse(answer, false);
    }

    private static DeflateParameters parse(Extension extension, boolean offer) throws DeflateNegotiationException {
        String what = offer ? "offer" : "answer";
        if (!isPerMessageDeflate(extension)) {
            throw new DeflateNegotiationException("not a " + EXTENSION_NAME + " " + what + ": "
                    + (extension == null ? "null" : extension.getName()));
        }
        boolean serverNoContext = false;
        boolean clientNoContext = false;
        int serverBits = ABSENT;
        int clientBits = ABSENT;
        List<Extension.Parameter> parameters = extension.getParameters() == null ? List.of() : extension.getParameters();
        for (Extension.Parameter parameter : parameters) {
            String name = parameter.getName() == null ? "" : parameter.getName().strip().toLowerCase(Locale.ROOT);
            String value = valueOf(parameter);
            switch (name) {
                case SERVER_NO_CONTEXT_TAKEOVER -> {
                    requireFirst(serverNoContext, name, what);
                    requireNoValue(name, value, what);
                    serverNoContext = true;
                }
                case CLIENT_NO_CONTEXT_TAKEOVER -> {
                    requireFirst(clientNoContext, name, what);
                    requireNoValue(name, value, what);
                    clientNoContext = true;
                }
                case SERVER_MAX_WINDOW_BITS -> {
                    requireFirst(serverBits != ABSENT, name, what);
                    if (value == null) {
                        throw new DeflateNegotiationException(name + " needs a value from " + MIN_WINDOW_BITS
                                + " to " + MAX_WINDOW_BITS + " in an " + what);
                    }
                    serverBits = windowBits(name, value, what);
                }
                case CLIENT_MAX_WINDOW_BITS -> {
                    requireFirst(clientBits != ABSENT, name, what);
                    if (value == null) {
                        if (!offer) {
                            // RFC 7692 section 7.1.2.2: only the offer may carry it without a value.
                            throw new DeflateNegotiationException(name + " needs a value from " + MIN_WINDOW_BITS
                                    + " to " + MAX_WINDOW_BITS + " in an answer");
                        }
                        clientBits = NO_VALUE;
                    } else {
                        clientBits = windowBits(name, value, what);
                    }
                }
                default -> throw new DeflateNegotiationException("unknown parameter '" + parameter.getName()
                        + "' in " + EXTENSION_NAME + " " + what);
            }
        }
        return new DeflateParameters(serverNoContext, clientNoContext, serverBits, clientBits);
    }

    /** The parameter's value with quotes and whitespace removed; null when it has none. */
    private static String valueOf(Extension.Parameter parameter) {
        String value = parameter.getValue();
        if (value == null) {
            return null;
        }
        value = value.strip();
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            value = value.substring(1, value.length() - 1).strip();
            // An empty quoted string is a value (an invalid one), not an absent value.
            return value.isEmpty() ? "\"\"" : value;
        }
        return value.isEmpty() ? null : value;
    }

    private static void requireFirst(boolean seen, String name, String what) throws DeflateNegotiationException {
        if (seen) {
            throw new DeflateNegotiationException("duplicate parameter '" + name + "' in " + EXTENSION_NAME + " " + what);
        }
    }

    private static void requireNoValue(String name, String value, String what) throws DeflateNegotiationException {
        if (value != null) {
            throw new DeflateNegotiationException(name + " takes no value, got '" + value + "' in " + EXTENSION_NAME + " " + what);
        }
    }

    /** RFC 7692 section 7.1.2: "a decimal integer value without leading zeroes between 8 to 15". */
    private static int windowBits(String name, String value, String what) throws DeflateNegotiationException {
        boolean wellFormed = (value.length() == 1 && value.charAt(0) >= '8' && value.charAt(0) <= '9')
                || (value.length() == 2 && value.charAt(0) == '1' && value.charAt(1) >= '0' && value.charAt(1) <= '5');
        if (!wellFormed) {
            throw new DeflateNegotiationException(name + " must be an integer from " + MIN_WINDOW_BITS + " to "
                    + MAX_WINDOW_BITS + " without leading zeros, got '" + value + "' in " + EXTENSION_NAME + " " + what);
        }
        return Integer.parseInt(value);
    }

    // ---- builders used by the negotiation ------------------------------------------------------

    public DeflateParameters withServerNoContextTakeover(boolean on) {
        return new DeflateParameters(on, clientNoContextTakeover, serverMaxWindowBits, clientMaxWindowBits);
    }

    public DeflateParameters withClientNoContextTakeover(boolean on) {
        return new DeflateParameters(serverNoContextTakeover, on, serverMaxWindowBits, clientMaxWindowBits);
    }

    /** With {@code server_max_window_bits=bits}. */
    public DeflateParameters withServerMaxWindowBits(int bits) {
        return new DeflateParameters(serverNoContextTakeover, clientNoContextTakeover, checkBits(bits), clientMaxWindowBits);
    }

    public DeflateParameters withoutServerMaxWindowBits() {
        return new DeflateParameters(serverNoContextTakeover, clientNoContextTakeover, ABSENT, clientMaxWindowBits);
    }

    /** With {@code client_max_window_bits=bits}. */
    public DeflateParameters withClientMaxWindowBits(int bits) {
        return new DeflateParameters(serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, checkBits(bits));
    }

    /** With a bare {@code client_max_window_bits} (valid in an offer only). */
    public DeflateParameters withClientMaxWindowBitsWithoutValue() {
        return new DeflateParameters(serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, NO_VALUE);
    }

    public DeflateParameters withoutClientMaxWindowBits() {
        return new DeflateParameters(serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, ABSENT);
    }

    private static int checkBits(int bits) {
        if (bits < MIN_WINDOW_BITS || bits > MAX_WINDOW_BITS) {
            throw new IllegalArgumentException("window bits must be from 8 to 15: " + bits);
        }
        return bits;
    }

    // ---- accessors -----------------------------------------------------------------------------

    public boolean serverNoContextTakeover() {
        return serverNoContextTakeover;
    }

    public boolean clientNoContextTakeover() {
        return clientNoContextTakeover;
    }

    /** The {@code server_max_window_bits} value; empty when absent. */
    public OptionalInt serverMaxWindowBits() {
        return serverMaxWindowBits == ABSENT ? OptionalInt.empty() : OptionalInt.of(serverMaxWindowBits);
    }

    /** True when {@code client_max_window_bits} is present, with or without a value. */
    public boolean hasClientMaxWindowBits() {
        return clientMaxWindowBits != ABSENT;
    }

    /** The {@code client_max_window_bits} value; empty when absent or present without a value. */
    public OptionalInt clientMaxWindowBits() {
        return clientMaxWindowBits <= NO_VALUE ? OptionalInt.empty() : OptionalInt.of(clientMaxWindowBits);
    }

    /** These parameters as an immutable {@link Extension}, in the RFC's order of parameters. */
    public Extension toExtension() {
        List<Extension.Parameter> parameters = new ArrayList<>(4);
        if (serverNoContextTakeover) {
            parameters.add(new DeflateExtension.Param(SERVER_NO_CONTEXT_TAKEOVER, null));
        }
        if (clientNoContextTakeover) {
            parameters.add(new DeflateExtension.Param(CLIENT_NO_CONTEXT_TAKEOVER, null));
        }
        if (serverMaxWindowBits != ABSENT) {
            parameters.add(new DeflateExtension.Param(SERVER_MAX_WINDOW_BITS, Integer.toString(serverMaxWindowBits)));
        }
        if (clientMaxWindowBits != ABSENT) {
            parameters.add(new DeflateExtension.Param(CLIENT_MAX_WINDOW_BITS,
                    clientMaxWindowBits == NO_VALUE ? null : Integer.toString(clientMaxWindowBits)));
        }
        return new DeflateExtension(EXTENSION_NAME, parameters);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeflateParameters other
                && serverNoContextTakeover == other.serverNoContextTakeover
                && clientNoContextTakeover == other.clientNoContextTakeover
                && serverMaxWindowBits == other.serverMaxWindowBits
                && clientMaxWindowBits == other.clientMaxWindowBits;
    }

    @Override
    public int hashCode() {
        return ((Boolean.hashCode(serverNoContextTakeover) * 31 + Boolean.hashCode(clientNoContextTakeover)) * 31
                + serverMaxWindowBits) * 31 + clientMaxWindowBits;
    }

    /** The header form, e.g. {@code permessage-deflate; server_no_context_takeover}. */
    @Override
    public String toString() {
        return toExtension().toString();
    }
}
