package dev.wsengine.handshake;

/** A handshake header that breaks its grammar. The server answers 400; the client fails the connection. */
public final class MalformedHeaderException extends Exception {

    private final String headerName;

    public MalformedHeaderException(String headerName, String problem) {
        super("Malformed " + headerName + " header: " + problem);
        this.headerName = headerName;
    }

    public String headerName() {
        return headerName;
    }
}
