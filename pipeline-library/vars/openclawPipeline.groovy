import io.openclaw.pipeline.BranchName
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
            Map scmVars = [:]
            if (cfg.checkout) {
                scmVars = checkout(scm) ?: [:]
            }
            // bat runs its script as a batch file, where cmd.exe would expand a single % (git would get --pretty=B).
            message = runCommand('git log -1 --pretty=%B', true, 'git log -1 --pretty=%%B')
            result.branch = branchName(cfg, scmVars)
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
        if (result.branch == null) {
            String checkoutSays = cfg.checkout ? 'checkout scm returned no GIT_BRANCH' : 'checkout is false'
            echo "openclawPipeline: no production deployment because the branch is unknown: env.BRANCH_NAME is not " +
                    "set (not a multibranch job), ${checkoutSays}, no branch argument was given and git reports a " +
                    "detached HEAD. Pass branch: '${cfg.productionBranch}' to openclawPipeline if this build is for " +
                    "${cfg.productionBranch}."
        } else if (result.branch == cfg.productionBranch) {
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

/**
 * The branch this build is for, or null when nothing tells it. In order: env.BRANCH_NAME (multibranch jobs), the
 * GIT_BRANCH that checkout scm returned without its remote, the branch argument, and git rev-parse unless it says
 * HEAD (Jenkins' detached checkout). What Jenkins reports comes before the argument, so a branch argument written
 * into a Jenkinsfile cannot make another branch's build deploy to production.
 */
private String branchName(Map cfg, Map scmVars) {
    if (env.BRANCH_NAME) {
        return env.BRANCH_NAME
    }
    if (scmVars.GIT_BRANCH) {
        String fromCheckout = BranchName.fromGitBranch(scmVars.GIT_BRANCH as String, remoteNames())
        if (fromCheckout) {
            return fromCheckout
        }
    }
    if (cfg.branch) {
        return cfg.branch
    }
    return BranchName.fromRevParse(runCommand('git rev-parse --abbrev-ref HEAD', true))
}

/** 'origin' and the remote names the job's Git SCM declares, to strip from GIT_BRANCH. */
private List<String> remoteNames() {
    List<String> names = ['origin']
    try {
        if (scm.hasProperty('userRemoteConfigs')) {
            for (def remote : (scm.userRemoteConfigs ?: [])) {
                if (remote.name) {
                    names.add(remote.name as String)
                }
            }
        }
    } catch (Exception e) {
        // Not a Git SCM, or a sandboxed (folder-level) library may not read it: 'origin' is the Git plugin's default.
    }
    return names
}

/**
 * Runs a shell command on Unix agents and a batch command on Windows agents; windowsCommand replaces command there
 * (a batch file needs %% for each literal %).
 */
private String runCommand(String command, boolean returnStdout = false, String windowsCommand = null) {
    if (isUnix()) {
        return sh(script: command, returnStdout: returnStdout)
    }
    String batch = windowsCommand ?: command
    return bat(script: returnStdout ? "@${batch}" : batch, returnStdout: returnStdout)
}
