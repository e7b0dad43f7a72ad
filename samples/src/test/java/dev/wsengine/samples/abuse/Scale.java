package dev.wsengine.samples.abuse;

/**
 * The size of an attack: small enough for {@code mvn verify} on two shared cores by default, the
 * issue's full size with {@code -Dabuse.full=true}, or any count with {@code -Dabuse.<name>=N}.
 */
final class Scale {

    private Scale() {
    }

    static int count(String name, int ci, int full) {
        String own = System.getProperty("abuse." + name);
        if (own != null) {
            return Integer.parseInt(own.trim());
        }
        return Boolean.getBoolean("abuse.full") ? full : ci;
    }
}
