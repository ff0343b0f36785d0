using System.Text.Json;
using Benchmarks.Report;

namespace Benchmarks.Drills;

// Every drill's figures with the machine, commit and date they belong to; written as drills.json and drills.md.
public sealed record DrillReport(string Run, MachineInfo Machine, string Setup, IReadOnlyList<string> Notes, IReadOnlyList<DrillResult> Drills)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public async Task WriteAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "drills.json"), JsonSerializer.Serialize(this, Json), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "drills.md"), DrillMarkdown.Render(this), cancellationToken);
    }
}
