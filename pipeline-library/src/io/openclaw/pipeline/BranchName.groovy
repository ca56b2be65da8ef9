package io.openclaw.pipeline

/**
 * Turns what Git and the Git plugin report into a plain branch name such as {@code main}, or null when they name no
 * branch. Jenkins checks out a detached HEAD, so {@code git rev-parse --abbrev-ref HEAD} says {@code HEAD} there; the
 * map that {@code checkout scm} returns names the branch in GIT_BRANCH, with its remote: {@code origin/main}.
 */
class BranchName implements Serializable {
    private static final long serialVersionUID = 1L

    /**
     * {@code origin/main}, {@code refs/heads/main}, {@code refs/remotes/origin/main} and {@code main} all give
     * {@code main}. {@code remotes} are the remote names to strip ({@code origin} and any the job's SCM names).
     */
    static String fromGitBranch(String gitBranch, Collection<String> remotes) {
        String name = (gitBranch ?: '').trim()
        if (name.startsWith('refs/heads/')) {
            return plain(name.substring('refs/heads/'.length()))
        }
        if (name.startsWith('refs/remotes/')) {
            // refs/remotes/<remote>/<branch>: the first part is the remote, whatever its name.
            name = name.substring('refs/remotes/'.length())
            int slash = name.indexOf('/')
            return slash < 0 ? null : plain(name.substring(slash + 1))
        }
        for (String remote : (remotes ?: [])) {
            if (remote && name.startsWith(remote + '/')) {
                return plain(name.substring(remote.length() + 1))
            }
        }
        return plain(name)
    }

    /** The output of {@code git rev-parse --abbrev-ref HEAD}: null when it says HEAD (a detached checkout). */
    static String fromRevParse(String output) {
        return plain((output ?: '').trim())
    }

    private static String plain(String name) {
        return name && name != 'HEAD' && name != 'detached' ? name : null
    }
}
