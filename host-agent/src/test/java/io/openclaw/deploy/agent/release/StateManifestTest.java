package io.openclaw.deploy.agent.release;

import static io.openclaw.deploy.agent.release.ManifestParserTest.failure;
import static io.openclaw.deploy.agent.release.ManifestParserTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** A loop's {@code state:} (spec 3.3): read strictly, unknown keys named like everywhere else in the manifest. */
class StateManifestTest {
    private static String loopWith(String state) {
        return "version: 1.0.0\nloops:\n  - name: memory_manager\n    command: [run]\n    state: " + state + "\n";
    }

    @Test
    void readsEveryStateSetting() throws IOException {
        StateSpec s = parse(loopWith("{dir: memory_manager/, redis: {url: \"redis://127.0.0.1:6390/2\","
                + " key_prefix: \"oc:mem:\"}, freeze: {http: /state/freeze}, restore_on_rollback: true, keep: 3}"))
                .loops().get(0).state();

        assertThat(s.dir()).isEqualTo("memory_manager");
        assertThat(s.redis()).isEqualTo(new StateSpec.Redis(URI.create("redis://127.0.0.1:6390/2"), "oc:mem:"));
        assertThat(s.redis().slotPrefix("green")).isEqualTo("oc:mem:green:");
        assertThat(s.freezePath()).isEqualTo("/state/freeze");
        assertThat(s.restoreOnRollback()).isTrue();
        assertThat(s.keep()).isEqualTo(3);
    }

    @Test
    void aLoopWithoutStateHasNoneAndDefaultsAreSafe() throws IOException {
        assertThat(parse("version: 1\nloops: [{name: a, command: [x]}]\n").loops().get(0).state())
                .isEqualTo(StateSpec.NONE);
        StateSpec s = parse(loopWith("{dir: a}")).loops().get(0).state();
        assertThat(s.redis()).isNull();
        assertThat(s.freezePath()).isNull();
        assertThat(s.restoreOnRollback()).isFalse();
        assertThat(s.keep()).isEqualTo(StateSpec.DEFAULT_KEEP);
    }

    @Test
    void unknownKeysAreRefusedNamingThem() {
        ManifestException e = failure(loopWith("{dir: a, directory: b}"));
        assertThat(e.problemType()).isEqualTo(ProblemTypes.INVALID_MANIFEST);
        assertThat(e.httpStatus()).isEqualTo(422);
        assertThat(e.fieldPath()).isEqualTo("loops[0].state.directory");
        assertThat(e.getMessage()).contains("loops[0].state.directory is not a known setting (known here: dir, freeze,"
                + " keep, redis, restore_on_rollback)");
        assertThat(failure(loopWith("{redis: {url: \"redis://h\", key_prefix: p, password: x}}")).getMessage())
                .contains("loops[0].state.redis.password is not a known setting (known here: key_prefix, url)");
        assertThat(failure(loopWith("{dir: a, freeze: {http: /f, timeout: 3}}")).getMessage())
                .contains("loops[0].state.freeze.timeout is not a known setting (known here: http)");
        assertThat(failure("version: 1\nloops: [{name: a, command: [x], stat: {dir: a}}]\n").getMessage())
                .contains("loops[0].stat is not a known setting").contains("state");
    }

    @Test
    void badValuesAreExplained() {
        assertThat(failure(loopWith("{}")).getMessage()).contains("loops[0].state must name the state to migrate");
        assertThat(failure(loopWith("{dir: ../elsewhere}")).getMessage())
                .contains("loops[0].state.dir must be a directory inside ${DATA_DIR}");
        assertThat(failure(loopWith("{dir: /var/lib/x}")).getMessage()).contains("relative and without '..'");
        assertThat(failure(loopWith("{redis: {url: \"http://h:1\", key_prefix: p}}")).getMessage())
                .contains("loops[0].state.redis.url must be redis://host[:port][/db]");
        assertThat(failure(loopWith("{redis: {url: \"redis://h:1\"}}")).getMessage())
                .contains("loops[0].state.redis.key_prefix is missing");
        assertThat(failure(loopWith("{redis: {url: \"redis://h:1\", key_prefix: \"a*\"}}")).getMessage())
                .contains("without spaces or any of * ? [ ] \\");
        assertThat(failure(loopWith("{dir: a, freeze: {}}")).getMessage())
                .contains("loops[0].state.freeze.http is missing");
        assertThat(failure(loopWith("{dir: a, keep: 0}")).getMessage()).contains("loops[0].state.keep must be between 1");
    }
}
