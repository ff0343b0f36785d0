using System.Diagnostics;
using System.Text.Json.Nodes;

namespace AppHost.Tests.Deployment;

// The AppHost's manifest, published by the command and environment azd uses (azure-dev, cli/azd/pkg/tools/dotnet),
// once for every test of the collection.
public sealed class PublishedManifest : IAsyncLifetime
{
    public const string FileName = "apphost-manifest.json";

    private JsonObject? document;

    public JsonObject Document => document ?? throw new InvalidOperationException("The manifest has not been published.");

    public JsonObject Resources => Document["resources"]!.AsObject();

    public string Text { get; private set; } = "";

    // Where the manifest was written: azd reads each azure.bicep.v0 path relative to it.
    public string Directory { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Directory = System.IO.Directory.CreateTempSubdirectory("azd-manifest-").FullName;
        var outputPath = Path.Combine(Directory, FileName);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["run", "--project", Path.Combine("AppHost", "AppHost.csproj"), "--publisher", "manifest", "--output-path", outputPath])
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["ASPIRE_SUPPRESS_CLI_RUN_HOOK"] = "true";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet run --publisher manifest did not exit within 5 minutes.\n{await output}\n{await error}");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet run --publisher manifest exited with {process.ExitCode}.\n{await output}\n{await error}");
        }

        Text = await File.ReadAllTextAsync(outputPath, cancellationToken);
        document = JsonNode.Parse(Text)!.AsObject();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

[CollectionDefinition(nameof(PublishedManifest))]
public sealed class PublishedManifestCollection : ICollectionFixture<PublishedManifest>;
