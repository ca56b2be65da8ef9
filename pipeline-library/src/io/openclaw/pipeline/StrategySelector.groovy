package io.openclaw.pipeline

/**
 * Chooses the production deployment strategy from the commit message (spec 8.2, determine_deployment_strategy):
 * a marker such as [canary], [rolling] or [blue-green] picks that strategy, anything else means 'auto' (each loop's
 * own strategy from the agent configuration). Two different markers are a mistake, not a choice.
 */
class StrategySelector implements Serializable {
    private static final long serialVersionUID = 1L
    static final List<String> STRATEGIES = ['blue-green', 'rolling', 'canary']

    static String fromCommitMessage(String message) {
        Set<String> found = new LinkedHashSet<>()
        String text = (message ?: '').toLowerCase(Locale.ROOT)
        for (String s : STRATEGIES) {
            if (text.contains('[' + s + ']') || (s == 'blue-green' && text.contains('[bluegreen]'))) {
                found.add(s)
            }
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("the commit message asks for more than one strategy: ${found}")
        }
        return found ? found.iterator().next() : 'auto'
    }
}
