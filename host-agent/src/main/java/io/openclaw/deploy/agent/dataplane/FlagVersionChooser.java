package io.openclaw.deploy.agent.dataplane;

import io.netty.handler.codec.http.HttpHeaders;
import io.openclaw.deploy.agent.flags.Evaluation;
import io.openclaw.deploy.agent.flags.FlagEvaluator;
import io.openclaw.deploy.agent.router.VersionChooser;

/**
 * The router's per-request choice in a flag-driven release: the loop's release flag, evaluated in memory for the
 * request's targeting key and attributes, sends the request to the new version when it is on and to the old one
 * otherwise. Off includes every non-answer (flag disabled, deleted, outside the percentage, a request without a
 * targeting key that no rule matched), so a doubt always keeps the serving version.
 */
public record FlagVersionChooser(FlagEvaluator evaluator, String flagName, String newVersion, FlagTargeting targeting)
        implements VersionChooser {

    @Override
    public Assignment choose(HttpHeaders headers) {
        Evaluation answer = evaluator.evaluate(flagName, targeting.context(headers));
        boolean on = !answer.isError() && answer.value() != null && answer.value().asBoolean(false);
        return on ? Assignment.NEW : Assignment.OLD;
    }
}
