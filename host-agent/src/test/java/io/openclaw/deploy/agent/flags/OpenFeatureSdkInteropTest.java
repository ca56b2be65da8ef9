package io.openclaw.deploy.agent.flags;

import static io.openclaw.deploy.agent.flags.FlagParserTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.openfeature.contrib.providers.ofrep.OfrepProvider;
import dev.openfeature.contrib.providers.ofrep.OfrepProviderOptions;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official OpenFeature Java SDK with its stock OFREP provider, reading flags from our OFREP listener. */
class OpenFeatureSdkInteropTest {
    @TempDir
    Path dir;

    private OfrepServer server;
    private FlagService flags;
    private OpenFeatureAPI api;
    private Client client;

    @BeforeEach
    void start() throws Exception {
        flags = new FlagService(dir, Clock.systemUTC());
        String token = FlagsToken.generate();
        server = new OfrepServer("127.0.0.1", 0, flags.evaluator(), FlagsToken.of(token)).start();
        OfrepProvider provider = OfrepProvider.constructProvider(OfrepProviderOptions.builder()
                .baseUrl(server.baseUrl())
                .requestTimeout(Duration.ofSeconds(5))
                .headers(ImmutableMap.of("Authorization", ImmutableList.of("Bearer " + token)))
                .build());
        api = OpenFeatureAPI.getInstance();
        String domain = "openclaw-" + System.nanoTime();
        api.setProviderAndWait(domain, provider);
        client = api.getClient(domain);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void booleanFlagWithTargetingRule() {
        flags.put("gmail_v2", json("{'rollout_percentage': 0, 'rules': [{'action': 'enable', "
                + "'conditions': [{'property': 'user_tier', 'operator': 'equals', 'value': 'beta'}]}]}"), "t");

        MutableContext beta = new MutableContext("alice").add("user_tier", "beta");
        FlagEvaluationDetails<Boolean> on = client.getBooleanDetails("gmail_v2", false, beta);
        assertThat(on.getValue()).isTrue();
        assertThat(on.getReason()).isEqualTo("TARGETING_MATCH");
        assertThat(on.getVariant()).isEqualTo("on");

        FlagEvaluationDetails<Boolean> off = client.getBooleanDetails("gmail_v2", true, new MutableContext("bob"));
        assertThat(off.getValue()).isFalse();
        assertThat(off.getReason()).isEqualTo("STATIC");
    }

    @Test
    void typedVariantsAndSplit() {
        flags.put("model", json("{'variants': {'small': 'gpt-s', 'large': 'gpt-l'}, 'default_variant': 'small', "
                + "'enabled_variant': 'large', 'rollout_percentage': 100}"), "t");
        flags.put("limit", json("{'variants': {'low': 10, 'high': 1000}, 'default_variant': 'low', "
                + "'enabled_variant': 'high', 'rollout_percentage': 50}"), "t");

        assertThat(client.getStringValue("model", "none", new MutableContext("u"))).isEqualTo("gpt-l");
        FlagEvaluationDetails<Integer> limit = client.getIntegerDetails("limit", -1, new MutableContext("user-7"));
        assertThat(limit.getReason()).isEqualTo("SPLIT");
        int expected = CompiledFlag.bucket("limit", "user-7") < 5000 ? 1000 : 10;
        assertThat(limit.getValue()).isEqualTo(expected);
    }

    @Test
    void errorsReachTheSdkAsItsErrorCodes() {
        flags.put("half", json("{'rollout_percentage': 50}"), "t");

        FlagEvaluationDetails<Boolean> missing = client.getBooleanDetails("absent", true, new MutableContext("u"));
        assertThat(missing.getValue()).isTrue();
        assertThat(missing.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);

        FlagEvaluationDetails<Boolean> noKey = client.getBooleanDetails("half", true, new MutableContext());
        assertThat(noKey.getValue()).isTrue();
        // Provider 0.0.2 turns every 400 into INVALID_CONTEXT whatever the body's errorCode; the server's own
        // TARGETING_KEY_MISSING body is checked in OfrepServerTest.
        assertThat(noKey.getErrorCode()).isEqualTo(ErrorCode.INVALID_CONTEXT);

        FlagEvaluationDetails<String> wrongType = client.getStringDetails("half", "x", new MutableContext("u"));
        assertThat(wrongType.getValue()).isEqualTo("x");
        assertThat(wrongType.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
    }
}
