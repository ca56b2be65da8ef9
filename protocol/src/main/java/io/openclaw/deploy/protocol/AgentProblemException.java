package io.openclaw.deploy.protocol;

/** The agent answered with an RFC 9457 problem; {@link #problem()} tells which. */
public class AgentProblemException extends AgentClientException {
    private static final long serialVersionUID = 1L;

    private final Problem problem;

    public AgentProblemException(Problem problem) {
        super(problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()));
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public boolean is(String problemType) {
        return problemType.equals(problem.type());
    }
}
