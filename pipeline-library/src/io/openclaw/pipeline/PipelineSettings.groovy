package io.openclaw.pipeline

/** The arguments of openclawPipeline with their defaults, checked before any stage runs. */
class PipelineSettings implements Serializable {
    private static final long serialVersionUID = 1L

    static final Map DEFAULTS = [
            productionBranch: 'main',
            branch          : null,
            label           : '',
            buildCommand    : null,
            testCommand     : null,
            testReports     : null,
            artifact        : null,
            version         : null,
            stagingAgent    : null,
            smokeCommand    : null,
            productionAgent : null,
            loops           : [],
            strategy        : null,
            timeoutMinutes  : 120,
            checkout        : true,
    ].asImmutable()

    static Map resolve(Map args) {
        Map unknown = (args ?: [:]).findAll { k, v -> !DEFAULTS.containsKey(k) }
        if (unknown) {
            throw new IllegalArgumentException("openclawPipeline: unknown arguments ${unknown.keySet()}")
        }
        Map cfg = new LinkedHashMap(DEFAULTS)
        cfg.putAll(args ?: [:])
        List<String> missing = ['buildCommand', 'artifact', 'productionAgent'].findAll { !cfg[it] }
        if (missing) {
            throw new IllegalArgumentException("openclawPipeline: missing required arguments ${missing}")
        }
        if (cfg.smokeCommand && !cfg.stagingAgent) {
            throw new IllegalArgumentException('openclawPipeline: smokeCommand needs a stagingAgent to run against')
        }
        if (cfg.strategy && !(cfg.strategy in ['auto'] + StrategySelector.STRATEGIES)) {
            throw new IllegalArgumentException("openclawPipeline: unknown strategy '${cfg.strategy}'")
        }
        return cfg
    }
}
