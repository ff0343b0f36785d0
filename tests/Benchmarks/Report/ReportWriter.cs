using System.Text.Json;

namespace Benchmarks.Report;

// Writes benchmark.json (every figure), benchmark.md (the report) and the plots into one folder.
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public static async Task WriteAsync(BenchmarkReport report, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "benchmark.json"), JsonSerializer.Serialize(report, Json), cancellationToken);
        var plots = Plots.Write(report, directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "benchmark.md"), MarkdownReport.Render(report, plots), cancellationToken);
    }
}
