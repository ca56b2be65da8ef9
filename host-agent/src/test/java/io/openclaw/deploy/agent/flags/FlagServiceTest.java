package io.openclaw.deploy.agent.flags;

import static io.openclaw.deploy.agent.flags.FlagParserTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openclaw.deploy.agent.OperationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagServiceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private boolean on(FlagService service, String flag) {
        return service.evaluate(flag, EvaluationContext.of("u")).value().booleanValue();
    }

    @Test
    void everyChangeIsANumberedRevisionKeptAcrossARestart() throws Exception {
        FlagService service = new FlagService(dir, CLOCK);
        service.put("dark_mode", json("{'enabled': true}"), "alice");
        service.put("dark_mode", json("{'enabled': false}"), "bob");
        assertThat(on(service, "dark_mode")).isFalse();

        FlagService restarted = new FlagService(dir, CLOCK);
        assertThat(restarted.get("dark_mode").revision()).isEqualTo(2);
        assertThat(restarted.get("dark_mode").updatedBy()).isEqualTo("bob");
        assertThat(restarted.revisions("dark_mode"))
                .extracting(FlagRevision::revision, FlagRevision::by, FlagRevision::change)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "alice", "set"),
                        org.assertj.core.groups.Tuple.tuple(2, "bob", "set"));
        assertThat(on(restarted, "dark_mode")).isFalse();
    }

    @Test
    void rollbackRestoresAnEarlierRevisionAsANewOne() throws Exception {
        FlagService service = new FlagService(dir, CLOCK);
        service.put("f", json("{'enabled': true, 'rollout_percentage': 100}"), "a");
        service.put("f", json("{'enabled': false}"), "a");
        service.delete("f", "b");
        assertThatThrownBy(() -> service.get("f")).isInstanceOf(OperationException.class).hasMessageContaining("does not exist");
        assertThat(service.evaluate("f", EvaluationContext.of("u")).errorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);

        FlagState back = service.rollback("f", 1, "c");
        assertThat(back.revision()).isEqualTo(4);
        assertThat(back.flag().enabled()).isTrue();
        assertThat(on(service, "f")).isTrue();
        assertThat(new FlagService(dir, CLOCK).revisions("f")).extracting(FlagRevision::change)
                .containsExactly("set", "set", "delete", "rollback to 1");
    }

    @Test
    void rollbackToAnUnknownOrDeletingRevisionIsRefused() throws Exception {
        FlagService service = new FlagService(dir, CLOCK);
        service.put("f", json("{}"), "a");
        service.delete("f", "a");
        assertThatThrownBy(() -> service.rollback("f", 9, "a"))
                .isInstanceOfSatisfying(OperationException.class, e -> assertThat(e.httpStatus()).isEqualTo(404));
        assertThatThrownBy(() -> service.rollback("f", 2, "a"))
                .isInstanceOfSatisfying(OperationException.class, e -> assertThat(e.httpStatus()).isEqualTo(400));
        assertThat(service.revisions("f")).hasSize(2);
    }

    @Test
    void aBadDefinitionChangesNothing() throws Exception {
        FlagService service = new FlagService(dir, CLOCK);
        service.put("f", json("{'enabled': true}"), "a");
        byte[] before = Files.readAllBytes(dir.resolve("f.json"));

        assertThatThrownBy(() -> service.put("f", json("{'enabled': true, 'rollout_percentage': -1}"), "a"))
                .isInstanceOfSatisfying(InvalidFlagException.class,
                        e -> assertThat(e.field()).isEqualTo("rollout_percentage"));
        assertThatThrownBy(() -> service.put("Bad Name", json("{}"), "a")).isInstanceOf(InvalidFlagException.class);

        assertThat(Files.readAllBytes(dir.resolve("f.json"))).isEqualTo(before);
        assertThat(service.list()).extracting(s -> s.flag().name()).containsExactly("f");
        assertThat(on(service, "f")).isTrue();
    }

    @Test
    void defaultsApplyUntilTheApiChangesAFlagAndApiChangesSurviveRedeployments() throws Exception {
        Path release1 = Files.createDirectories(dir.resolve("releases/1.0.0"));
        Files.writeString(release1.resolve("flags.yaml"), """
                feature_flags:
                  - name: gmail_v2
                    enabled: true
                    rollout_percentage: 0
                  - name: thinking
                    enabled: true
                """);
        Path release2 = Files.createDirectories(dir.resolve("releases/2.0.0"));
        Files.writeString(release2.resolve("flags.yaml"), """
                feature_flags:
                  - name: gmail_v2
                    enabled: false
                  - name: thinking
                    enabled: false
                """);
        Path store = dir.resolve("flags");
        FlagService service = new FlagService(store, CLOCK);
        assertThat(service.applyDefaults(FlagDefaults.ofRelease(release1), FlagRevision.Origin.RELEASE, "release 1.0.0"))
                .isEqualTo(2);
        assertThat(service.applyDefaults(FlagDefaults.ofRelease(release1), FlagRevision.Origin.RELEASE, "release 1.0.0"))
                .as("same defaults again add no revision").isZero();
        service.put("gmail_v2", json("{'enabled': true, 'rollout_percentage': 100}"), "operator");

        FlagService afterRestart = new FlagService(store, CLOCK);
        afterRestart.applyDefaults(FlagDefaults.ofRelease(release2), FlagRevision.Origin.RELEASE, "release 2.0.0");
        assertThat(on(afterRestart, "gmail_v2")).as("the operator's change wins").isTrue();
        assertThat(afterRestart.get("thinking").flag().enabled()).as("untouched defaults follow the release").isFalse();
        assertThat(afterRestart.revisions("thinking")).extracting(FlagRevision::origin)
                .containsOnly(FlagRevision.Origin.RELEASE);
    }

    @Test
    void aBadDefaultsFileIsRefusedNamingTheFlagAndField() throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, """
                feature_flags:
                  - name: ok
                  - name: broken
                    rules:
                      - action: enable
                        conditions:
                          - {property: tier, operator: equal, value: beta}
                """);
        assertThatThrownBy(() -> FlagDefaults.read(file))
                .isInstanceOfSatisfying(InvalidFlagException.class, e -> assertThat(e.field())
                        .isEqualTo("agent.yaml: feature_flags[1].rules[0].conditions[0].operator"));
        assertThat(FlagDefaults.read(dir.resolve("absent.yaml"))).isEqualTo(List.of());
    }
}
