package io.openclaw.deploy.agent.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathGuardTest {

    @Test
    void refusesDotSegmentsInEverySpelling() {
        for (String path : new String[] {"/a/../b", "/..", "/a/.", "/%2e%2e/x", "/%2E%2E/x", "/.%2e/x", "/%2e/x",
                "/..;jsessionid=1/x"}) {
            assertThat(PathGuard.problem(path)).as(path).contains("dot segment in the path");
        }
    }

    @Test
    void refusesSeparatorsThatALoopCouldDecode() {
        assertThat(PathGuard.problem("/a%2fb")).isPresent();
        assertThat(PathGuard.problem("/a%5Cb")).isPresent();
        assertThat(PathGuard.problem("/a\\b")).isPresent();
        assertThat(PathGuard.problem("/%252e%252e/x")).contains("doubly encoded character in the path");
        assertThat(PathGuard.problem("/a%00")).contains("control character in the path");
        assertThat(PathGuard.problem("/a%zz")).contains("invalid percent-encoding in the path");
        assertThat(PathGuard.problem("/a%2")).contains("incomplete percent-encoding in the path");
    }

    @Test
    void acceptsOrdinaryPaths() {
        for (String path : new String[] {"/", "/inbox/42", "/file.txt", "/..hidden", "/a..b", "/a%20b", "/%C3%A9t%C3%A9",
                "/v1.2/x", "/a;b=c"}) {
            assertThat(PathGuard.problem(path)).as(path).isEmpty();
        }
    }

    @Test
    void canonicalFormIgnoresWhatServersDifferOn() {
        assertThat(PathGuard.canonical("/Shutdown/")).isEqualTo("/shutdown");
        assertThat(PathGuard.canonical("//shutdown")).isEqualTo("/shutdown");
        assertThat(PathGuard.canonical("/%73hutdown;x=1?now=1")).isEqualTo("/shutdown");
        assertThat(PathGuard.canonical("/")).isEqualTo("/");
        assertThat(PathGuard.canonical("/ops/Health")).isEqualTo("/ops/health");
    }

    @Test
    void refusesControlCharactersAndDotSegmentsWithoutPercentEncodingToo() {
        // The one-pass check for plain paths must refuse what the full check refuses.
        assertThat(PathGuard.problem("/a\u0001b")).contains("control character in the path");
        assertThat(PathGuard.problem("/a\u007fb")).contains("control character in the path");
        assertThat(PathGuard.problem(".")).contains("dot segment in the path");
        assertThat(PathGuard.problem("/a/.;x/b")).contains("dot segment in the path");
        assertThat(PathGuard.problem("/a/./")).contains("dot segment in the path");
    }

    @Test
    void aPathAlreadyCanonicalApartFromCaseComparesAsItsCanonicalForm() {
        for (String uri : new String[] {"/", "/health", "/HEALTH", "/Health?x=1", "/a/b", "/a/b?q=/x//y"}) {
            int length = PathGuard.canonicalPathLength(uri);
            assertThat(length).as(uri).isGreaterThan(0);
            assertThat(PathGuard.canonical(uri)).as(uri).isEqualToIgnoringCase(uri.substring(0, length));
        }
        // Anything canonical() would change goes the long way.
        for (String uri : new String[] {"", "health", "/health/", "//health", "/a//b", "/health;x", "/h%65alth",
                "/h\u00e9alth"}) {
            assertThat(PathGuard.canonicalPathLength(uri)).as(uri).isEqualTo(-1);
        }
    }
}
