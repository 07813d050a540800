import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/env";

describe("performance and memory settings", () => {
  it("default GMA_OPTIMIZATIONS, PERF_MONITORING and the memory watch by profile", () => {
    const production = parseConfig({ GMA_PROFILE: "production" });
    expect(production.optimizations).toBe(true);
    expect(production.perfMonitoring).toBe("basic");
    expect(production.memory).toEqual({ pressureThreshold: 0.85, sampleEveryMs: 10_000 });
    const development = parseConfig({ GMA_PROFILE: "development" });
    expect(development.optimizations).toBe(false);
    expect(development.perfMonitoring).toBe("detailed");
    expect(development.memory).toEqual({ pressureThreshold: 0.85, sampleEveryMs: 10_000 });
    // Blank values (a copied .env.example) count as unset.
    expect(parseConfig({ GMA_PROFILE: "production", GMA_OPTIMIZATIONS: "", PERF_MONITORING: "", MEMORY_PRESSURE_THRESHOLD: "", MEMORY_SAMPLE_EVERY_MS: "" })).toMatchObject({ optimizations: true, perfMonitoring: "basic", memory: { pressureThreshold: 0.85, sampleEveryMs: 10_000 } });
  });

  it("take explicit values over the profile's", () => {
    const c = parseConfig({ GMA_PROFILE: "production", GMA_OPTIMIZATIONS: "off", PERF_MONITORING: "off", MEMORY_PRESSURE_THRESHOLD: "0.5", MEMORY_SAMPLE_EVERY_MS: "250" });
    expect(c).toMatchObject({ optimizations: false, perfMonitoring: "off", memory: { pressureThreshold: 0.5, sampleEveryMs: 250 } });
    const d = parseConfig({ GMA_PROFILE: "development", GMA_OPTIMIZATIONS: "1", PERF_MONITORING: "basic", MEMORY_PRESSURE_THRESHOLD: "0", MEMORY_SAMPLE_EVERY_MS: "100" });
    expect(d).toMatchObject({ optimizations: true, perfMonitoring: "basic", memory: { pressureThreshold: 0, sampleEveryMs: 100 } });
    expect(parseConfig({ MEMORY_PRESSURE_THRESHOLD: "1" }).memory.pressureThreshold).toBe(1);
  });

  it("refuse bad values, naming each variable at once", () => {
    const bad: Record<string, string[]> = {
      GMA_OPTIMIZATIONS: ["maybe", "2"],
      PERF_MONITORING: ["verbose", "true"],
      MEMORY_PRESSURE_THRESHOLD: ["1.5", "-0.1", "85%", "high"],
      MEMORY_SAMPLE_EVERY_MS: ["50", "0", "1500.5", "-1", "10s", "3600001"],
    };
    for (const [name, values] of Object.entries(bad)) {
      for (const value of values) {
        const label = `${name}=${value}`;
        expect(() => parseConfig({ [name]: value }), label).toThrow(ConfigError);
        expect(() => parseConfig({ [name]: value }), label).toThrow(new RegExp(`\\b${name}:`));
      }
    }
    try {
      parseConfig({ GMA_OPTIMIZATIONS: "maybe", PERF_MONITORING: "verbose", MEMORY_PRESSURE_THRESHOLD: "2", MEMORY_SAMPLE_EVERY_MS: "1" });
      expect.unreachable("parseConfig accepted four bad variables");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((i) => i.split(":")[0]).sort()).toEqual(["GMA_OPTIMIZATIONS", "MEMORY_PRESSURE_THRESHOLD", "MEMORY_SAMPLE_EVERY_MS", "PERF_MONITORING"]);
    }
  });
});
