using System.Diagnostics;
using System.Text.Json.Nodes;

namespace AppHost.Tests.Deployment;

// The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package (AppHost.Tests.csproj downloads it), run offline:
// `bicep build` with Azure's resource types built in. A misspelled property is only a warning, so the caller gates on them.
public static class BicepCli
{
    public const string Version = "0.49.2";

    private static readonly Dictionary<string, BicepBuild> Builds = [];

    public static string Path { get; } = Find();

    public static BicepBuild Build(string bicepFile)
    {
        lock (Builds)
        {
            if (!Builds.TryGetValue(bicepFile, out var build))
            {
                Builds[bicepFile] = build = Run(bicepFile);
            }
            return build;
        }
    }

    private static BicepBuild Run(string bicepFile)
    {
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["build", bicepFile, "--stdout"])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var diagnostics = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep build {bicepFile} did not exit within 2 minutes");
        }
        var template = process.ExitCode == 0 ? JsonNode.Parse(output.Result)!.AsObject() : null;
        return new BicepBuild(bicepFile, process.ExitCode, diagnostics, template);
    }

    private static string Find()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = System.IO.Path.Combine(packages, "azure.bicep.commandline.linux-x64", Version, "tools", "bicep");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No Bicep CLI at {path}: restore tests/AppHost.Tests (PackageDownload).");
        }
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        return path;
    }
}

// A compiled module: the ARM template, or null when the build failed, and everything the CLI printed about it.
public sealed record BicepBuild(string File, int ExitCode, string Diagnostics, JsonObject? Template)
{
    public IEnumerable<string> DiagnosticLines => Diagnostics.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public JsonObject Parameters => Template?["parameters"]?.AsObject() ?? [];

    public JsonObject Variables => Template?["variables"]?.AsObject() ?? [];

    public JsonObject Outputs => Template?["outputs"]?.AsObject() ?? [];

    public IEnumerable<JsonObject> Resources => Template?["resources"]?.AsArray().Select(resource => resource!.AsObject()) ?? [];
}
