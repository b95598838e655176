package io.kdstream.evaluator.domain;

/**
 * A preset as {@code GET /api/experiments/presets} describes it.
 *
 * @param name what to POST to, {@code /api/experiments/presets/<name>}
 * @param description what it runs and what it shows
 * @param defaults the request it runs when a field is left out (without the teacher run)
 */
public record PresetInfo(String name, String description, PresetRequest defaults) {}
