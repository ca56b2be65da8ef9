import io.openclaw.pipeline.PipelineSettings
import io.openclaw.pipeline.StrategySelector

/**
 * CODE -> BUILD -> TEST -> STAGE -> DEPLOY (spec section 8). See openclawPipeline.txt for the arguments.
 * CODE to STAGE run in one node; the artifact is archived there, and DEPLOY runs outside node from the archive.
 * Returns a map: branch, strategy, staging (result of the staging deployment or null),
 * production (result of the production deployment or null).
 */
def call(Map args = [:]) {
    Map cfg = PipelineSettings.resolve(args)
    Map result = [branch: null, strategy: null, staging: null, production: null]
    String message = ''
    node(cfg.label) {
        stage('Code') {
            if (cfg.checkout) {
                checkout scm
            }
            message = runCommand('git log -1 --pretty=%B', true)
            result.branch = env.BRANCH_NAME ?: runCommand('git rev-parse --abbrev-ref HEAD', true).trim()
        }
        stage('Build') {
            runCommand(cfg.buildCommand)
        }
        stage('Test') {
            if (cfg.testCommand) {
                runCommand(cfg.testCommand)
            }
            if (cfg.testReports) {
                junit cfg.testReports
            }
        }
        stage('Stage') {
            if (cfg.stagingAgent) {
                result.staging = openclawDeploy(agent: cfg.stagingAgent, artifact: cfg.artifact, version: cfg.version,
                        strategy: 'blue-green', loops: cfg.loops, timeoutMinutes: cfg.timeoutMinutes)
                if (cfg.smokeCommand) {
                    withEnv(["OPENCLAW_AGENT=${cfg.stagingAgent}", "OPENCLAW_VERSION=${result.staging.version}"]) {
                        runCommand(cfg.smokeCommand)
                    }
                }
            } else {
                echo 'openclawPipeline: no stagingAgent given, skipping staging and smoke tests'
            }
        }
        // The production deployment (a canary can last hours) reads the release from the build's archived
        // artifacts, so it runs after this node block and holds no executor while it waits.
        archiveArtifacts artifacts: cfg.artifact, fingerprint: true
    }
    stage('Deploy') {
        if (result.branch == cfg.productionBranch) {
            result.strategy = cfg.strategy ?: StrategySelector.fromCommitMessage(message)
            echo "openclawPipeline: deploying to ${cfg.productionAgent} with strategy ${result.strategy}"
            result.production = openclawDeploy(agent: cfg.productionAgent, artifact: cfg.artifact,
                    version: cfg.version, strategy: result.strategy, loops: cfg.loops,
                    timeoutMinutes: cfg.timeoutMinutes)
        } else {
            echo "openclawPipeline: branch ${result.branch} is not ${cfg.productionBranch}, no production deployment"
        }
    }
    return result
}

/** Runs a shell command on Unix agents and a batch command on Windows agents. */
private String runCommand(String command, boolean returnStdout = false) {
    if (isUnix()) {
        return sh(script: command, returnStdout: returnStdout)
    }
    return bat(script: returnStdout ? "@${command}" : command, returnStdout: returnStdout)
}
