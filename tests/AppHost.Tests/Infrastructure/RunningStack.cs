using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AppHost.Tests.Infrastructure;

// The real AppHost, started through Aspire.Hosting.Testing on the process runtime, with its data in a
// fresh temporary folder. It watches every resource from the start: a resource that fails stops the
// wait at once, with its last log lines, instead of a wait that runs to its timeout. A run-once resource
// (one that another waits to complete, such as the migrations) must finish with the exit code awaited.
public sealed class RunningStack : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private const int LogLinesKept = 2000;
    private const int LogLinesShown = 40;

    private readonly CancellationTokenSource watching = new();
    private readonly ConcurrentDictionary<string, ResourceEvent> latest = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> logs = new();
    private readonly List<Task> watchers = [];
    private int disposed;

    private RunningStack(DistributedApplication app, string dataDirectory)
    {
        App = app;
        DataDirectory = dataDirectory;
        RunOnceExitCodes = app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .SelectMany(r => r.Annotations.OfType<WaitAnnotation>())
            .Where(wait => wait.WaitType == WaitType.WaitForCompletion)
            .DistinctBy(wait => wait.Resource.Name)
            .ToDictionary(wait => wait.Resource.Name, wait => wait.ExitCode);
    }

    public DistributedApplication App { get; }

    public string DataDirectory { get; }

    // The resources another waits to complete (WaitForCompletion), with the exit code it waits for.
    private IReadOnlyDictionary<string, int> RunOnceExitCodes { get; }

    // The dashboard's address, when the stack was started with one (it is off by default in tests).
    public Uri DashboardUrl => Dashboard is null
        ? throw new InvalidOperationException("This stack runs without the dashboard.")
        : App.GetEndpoint(TestDashboard.ResourceName, "http");

    private TestDashboard? Dashboard { get; init; }

    // arguments: AppHost settings (--Key=value) after the defaults, so they may override them. Test stacks seed no
    // demo data on first start (the AppHost's Development default) unless a test asks for it.
    public static async Task<RunningStack> StartAsync(
        CancellationToken cancellationToken, Action<IDistributedApplicationTestingBuilder>? configure = null, TestDashboard? dashboard = null, IReadOnlyList<string>? arguments = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("aspire-stack-").FullName;
        File.SetUnixFileMode(dataDirectory, (UnixFileMode)0b111_101_101);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--Infrastructure:Runtime=processes", $"--Infrastructure:DataDirectory={dataDirectory}", "--DemoData:SeedOnFirstStart=false", .. dashboard?.Arguments ?? [], .. arguments ?? []],
            (options, _) => options.DisableDashboard = dashboard is null,
            cancellationToken);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        configure?.Invoke(builder);

        var app = await builder.BuildAsync(cancellationToken);
        var stack = new RunningStack(app, dataDirectory) { Dashboard = dashboard };
        stack.watchers.Add(stack.WatchResourcesAsync());
        try
        {
            await app.StartAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
            await stack.WaitUntilHealthyAsync(cancellationToken);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    // The latest state of every resource instance the dashboard shows (each replica is one).
    public IReadOnlyCollection<ResourceEvent> Resources =>
        latest.Values.Where(e => e.Resource is not ParameterResource && !e.Snapshot.IsHidden).ToList();

    public string ConnectionString(string resourceName) =>
        App.GetConnectionStringAsync(resourceName).AsTask().GetAwaiter().GetResult()
        ?? throw new InvalidOperationException($"'{resourceName}' has no connection string.");

    // The log lines kept so far of every instance of a resource (the last 2000 of each).
    public IReadOnlyList<string> LogLines(string resourceName) =>
        [.. latest.Values.Where(e => e.Resource.Name == resourceName)
            .SelectMany(e => logs.TryGetValue(e.ResourceId, out var lines) ? lines.ToArray() : [])];

    // The log lines kept so far of one resource instance (a replica), with the time each arrived.
    public IReadOnlyList<string> InstanceLogLines(string resourceId) =>
        logs.TryGetValue(resourceId, out var lines) ? [.. lines] : [];

    // PIDs of every process the orchestrator started for this stack, by resource instance. A run-once resource
    // that has finished is left out: its process is gone, and its PID may be another process's by now.
    public IReadOnlyDictionary<string, int> StartedProcessIds() =>
        latest.Values
            .Where(e => !(RunOnceExitCodes.ContainsKey(e.Resource.Name) && IsStopped(e)))
            .Select(e => (e.ResourceId, Pid: e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value))
            .Where(e => e.Pid is not null && int.TryParse(e.Pid.ToString(), out _))
            .ToDictionary(e => e.ResourceId, e => int.Parse(e.Pid!.ToString()!));

    // Stops one resource instance (a replica, or a server) the way the dashboard's Stop button does.
    public async Task StopAsync(string resourceId, CancellationToken cancellationToken)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StopCommand, cancellationToken);
        Assert.True(result.Success, $"stopping {resourceId}: {result.Message}");
        await WaitUntilStoppedAsync(resourceId, cancellationToken);
    }

    // Kills one resource instance outright, with its `dotnet run` parent, like a crashed container.
    public void Crash(string resourceId)
    {
        foreach (var process in ProcessIdentity.WithDescendants([StartedProcessIds()[resourceId]]).Reverse())
        {
            if (process.IsAlive)
            {
                System.Diagnostics.Process.GetProcessById(process.Pid).Kill();
            }
        }
    }

    public Task WaitUntilStoppedAsync(string resourceId, CancellationToken cancellationToken) =>
        WaitForAsync(resourceId, IsStopped, "stopped", cancellationToken);

    // Starts a stopped resource instance again and waits until the whole stack is healthy.
    public async Task StartAgainAsync(string resourceId, CancellationToken cancellationToken)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, cancellationToken);
        Assert.True(result.Success, $"starting {resourceId}: {result.Message}");
        await WaitForAsync(resourceId, e => IsRunning(e) && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, "running and healthy", cancellationToken);
    }

    // Runs a run-once resource (such as the migrations) again and waits until this new run finished with the exit code awaited.
    public async Task RunAgainAsync(string resourceId, CancellationToken cancellationToken)
    {
        var previousStart = latest[resourceId].Snapshot.StartTimeStamp;
        var result = await App.ResourceCommands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, cancellationToken);
        Assert.True(result.Success, $"starting {resourceId}: {result.Message}");
        await WaitForAsync(resourceId, e => e.Snapshot.StartTimeStamp != previousStart && HasCompleted(e), "run again to completion", cancellationToken);
    }

    public string ResourceIdOf(string resourceName) =>
        Resources.Where(e => e.Resource.Name == resourceName).Select(e => e.ResourceId).Order().First();

    private static bool IsRunning(ResourceEvent e) => e.Snapshot.State?.Text == KnownResourceStates.Running;

    private static bool IsStopped(ResourceEvent e) => e.Snapshot.State?.Text is "Exited" or "Finished" or "FailedToStart";

    // A run-once resource that finished with the exit code awaited.
    private bool HasCompleted(ResourceEvent e) =>
        RunOnceExitCodes.TryGetValue(e.Resource.Name, out var exitCode) && IsStopped(e) && e.Snapshot.ExitCode == exitCode;

    // Stopped, unless it is a run-once resource that finished with the exit code awaited (or whose exit code is yet to come).
    private bool HasFailed(ResourceEvent e)
    {
        if (!IsStopped(e))
        {
            return false;
        }
        if (!RunOnceExitCodes.TryGetValue(e.Resource.Name, out var exitCode))
        {
            return true;
        }
        return e.Snapshot.State?.Text == "FailedToStart" || e.Snapshot.ExitCode is { } code && code != exitCode;
    }

    private async Task WaitForAsync(string resourceId, Func<ResourceEvent, bool> condition, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!(latest.TryGetValue(resourceId, out var current) && condition(current)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{resourceId} was not {what} within {StartTimeout}.\n{Describe()}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        var expected = model.Resources
            .Where(r => r is not ParameterResource && !r.TryGetLastAnnotation<ExplicitStartupAnnotation>(out _))
            .ToDictionary(r => r.Name, r => r.TryGetLastAnnotation<ReplicaAnnotation>(out var replicas) ? replicas.Replicas : 1);

        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            var failed = latest.Values.FirstOrDefault(HasFailed);
            if (failed is not null)
            {
                var exitCode = failed.Snapshot.ExitCode is { } code ? $" with exit code {code}" : "";
                throw new InvalidOperationException($"'{failed.ResourceId}' is {failed.Snapshot.State?.Text}{exitCode} before the stack was healthy.\n{Describe()}");
            }

            var healthy = expected.All(resource =>
            {
                var instances = latest.Values.Where(e => e.Resource.Name == resource.Key).ToList();
                if (instances.Count > 0 && instances.All(e => e.Snapshot.IsHidden))
                {
                    return true; // the orchestrator's own helpers (e.g. project rebuilders) never run on their own
                }
                if (RunOnceExitCodes.ContainsKey(resource.Key))
                {
                    return instances.Count >= resource.Value && instances.All(HasCompleted);
                }
                return instances.Count >= resource.Value
                    && instances.All(e => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy);
            });
            if (healthy)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The stack was not healthy within {StartTimeout}.\n{Describe()}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    private async Task WatchResourcesAsync()
    {
        try
        {
            await foreach (var resourceEvent in App.ResourceNotifications.WatchAsync(watching.Token))
            {
                if (latest.TryAdd(resourceEvent.ResourceId, resourceEvent) && resourceEvent.Resource is not ParameterResource)
                {
                    lock (watchers)
                    {
                        watchers.Add(WatchLogsAsync(resourceEvent.ResourceId));
                    }
                }
                latest[resourceEvent.ResourceId] = resourceEvent;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WatchLogsAsync(string resourceId)
    {
        var lines = logs.GetOrAdd(resourceId, _ => new ConcurrentQueue<string>());
        var loggerService = App.Services.GetRequiredService<ResourceLoggerService>();
        try
        {
            await foreach (var batch in loggerService.WatchAsync(resourceId).WithCancellation(watching.Token))
            {
                foreach (var line in batch)
                {
                    lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {line.Content}");
                    while (lines.Count > LogLinesKept && lines.TryDequeue(out _))
                    {
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // Every resource's state and health, and the last log lines of those that are not healthy.
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var e in latest.Values.Where(e => e.Resource is not ParameterResource && !e.Snapshot.IsHidden).OrderBy(e => e.ResourceId))
        {
            text.AppendLine($"  {e.ResourceId}: {e.Snapshot.State?.Text ?? "(no state)"}, health {e.Snapshot.HealthStatus?.ToString() ?? "(none)"}");
        }
        foreach (var e in latest.Values.Where(e => e.Resource is not ParameterResource && !e.Snapshot.IsHidden && e.Snapshot.HealthStatus != Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy))
        {
            if (logs.TryGetValue(e.ResourceId, out var lines) && !lines.IsEmpty)
            {
                text.AppendLine($"--- last log lines of {e.ResourceId} ---");
                foreach (var line in lines.TakeLast(LogLinesShown))
                {
                    text.AppendLine(line);
                }
            }
        }
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }
        await App.DisposeAsync();
        await watching.CancelAsync();
        Task[] pending;
        lock (watchers)
        {
            pending = [.. watchers];
        }
        await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        watching.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
