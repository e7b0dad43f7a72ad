/**
 * Coverage-guided fuzz tests (Jazzer's JUnit 5 integration) of what a hostile peer controls: the
 * server session's read path ({@link dev.wsengine.fuzz.SessionFrameFuzzIT}), the permessage-deflate
 * inflater ({@link dev.wsengine.fuzz.InflaterFuzzIT}) and the handshake request checks
 * ({@link dev.wsengine.fuzz.HandshakeFuzzIT}).
 *
 * <p>{@code mvn verify} runs them twice (api-impl's failsafe configuration, apart from the other *IT): fuzz-replay as regression
 * tests, each replaying its inputs under
 * {@code src/test/resources/dev/wsengine/fuzz/<Class>Inputs/<method>/}; then the {@code fuzz-short}
 * run fuzzes each for {@code fuzz.seconds} (8 s), one JVM per class, with generated corpus and any
 * crash file under {@code target/jazzer/}. A crash file found there is replayed by copying it into
 * the inputs directory.
 *
 * <p>A long run of one harness, for example ten million inputs or half an hour, whichever comes first:
 * <pre>
 * mvn -pl api-impl test-compile
 * mvn -pl api-impl failsafe:integration-test@fuzz-short -Dit.test=SessionFrameFuzzIT \
 *     -Dfuzz.seconds=1800 -Djazzer.internal.arg.3=-runs=10000000
 * </pre>
 * libFuzzer's status lines ({@code exec/s}, {@code cov}, {@code DONE}) go to the console.
 */
package dev.wsengine.fuzz;
