using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace AppHost.Tests.Deployment;

// azure.yaml, which azd reads first: one service, the AppHost, deployed to Container Apps.
public sealed class AzureYamlTests
{
    [Fact]
    public void Azure_yaml_has_one_service_the_AppHost_on_Container_Apps()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(RepositoryRoot.Combine("azure.yaml"))));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;

        var services = (YamlMappingNode)root["services"];
        var (name, value) = Assert.Single(services.Children);
        Assert.Equal("app", name.ToString());
        var service = (YamlMappingNode)value;
        Assert.Equal("dotnet", service["language"].ToString());
        Assert.Equal("containerapp", service["host"].ToString());
        Assert.Equal("./AppHost/AppHost.csproj", service["project"].ToString());
        Assert.True(File.Exists(RepositoryRoot.Combine("AppHost", "AppHost.csproj")));
    }

    [Fact]
    public async Task The_service_project_is_an_Aspire_host_as_azd_asks_msbuild()
    {
        var start = new ProcessStartInfo("dotnet", ["msbuild", Path.Combine("AppHost", "AppHost.csproj"), "-getProperty:IsAspireHost"])
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        Assert.Equal(0, process.ExitCode);
        Assert.Equal("true", output.Trim(), ignoreCase: true);
    }
}
