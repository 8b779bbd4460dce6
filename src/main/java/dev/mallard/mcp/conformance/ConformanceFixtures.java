package dev.mallard.mcp.conformance;

import dev.mallard.mcp.ProtocolFixtures;
import dev.mallard.mcp.stateless.StatelessTool;
import java.util.ArrayList;
import java.util.List;

/** Everything the conformance suite's server scenarios expect, in one set of fixtures. */
public final class ConformanceFixtures {
    /** A 1×1 PNG, as the suite's reference server sends it. */
    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
    /** A minimal WAV file. */
    static final String WAV = "UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=";

    private ConformanceFixtures() {}

    public static ProtocolFixtures create() {
        RoundTripFixtures roundTrips = new RoundTripFixtures();
        List<StatelessTool> stateless = new ArrayList<>(roundTrips.tools());
        stateless.add(HeaderParameterTool.create());
        return new ProtocolFixtures(FixtureTools.all(), FixtureResources.resources(), FixtureResources.templates(),
                FixturePrompts.all(), FixturePrompts.completions(), stateless, roundTrips.prompts(),
                TaskFixtures.all());
    }
}
