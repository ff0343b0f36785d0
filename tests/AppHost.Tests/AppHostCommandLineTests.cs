using AppHost.Tests.Infrastructure;

namespace AppHost.Tests;

public sealed class AppHostCommandLineTests
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_missing_server_binary_fails_fast_naming_the_package_to_install()
    {
        var result = await AppHostProcess.RunAsync(
            ["--Infrastructure:Runtime=processes", "--Infrastructure:Processes:RedisServer=/nonexistent/redis-server"],
            TimeSpan.FromMinutes(1), Cancellation);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not installed: redis-server", result.Error);
        Assert.Contains("apt-get install -y redis-server", result.Error);
        Assert.DoesNotContain("   at ", result.Error); // one message, no stack trace
    }
}
