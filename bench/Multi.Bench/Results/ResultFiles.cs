using System.Text.Json;

namespace Multi.Bench.Results;

/// <summary>Writes <c>meta-plugin.md</c> and <c>meta-plugin.json</c> into the results directory.</summary>
internal static class ResultFiles
{
    public static async Task<IReadOnlyList<string>> WriteAsync(BenchReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var markdown = Path.Combine(directory, "meta-plugin.md");
        var json = Path.Combine(directory, "meta-plugin.json");
        await File.WriteAllTextAsync(markdown, MarkdownReport.Render(report)).ConfigureAwait(false);
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(report, BenchJsonContext.Readable.BenchReport) + "\n").ConfigureAwait(false);
        return [markdown, json];
    }
}
