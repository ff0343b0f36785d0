namespace AppHost.Tests.Infrastructure;

// The PIDs of the Worker replicas, by resource instance: unchanged PIDs mean no Worker restarted in between.
public static class WorkerProcesses
{
    public static Dictionary<string, int> Of(RunningStack stack) =>
        stack.StartedProcessIds().Where(p => stack.Resources.Any(r => r.ResourceId == p.Key && r.Resource.Name == "worker"))
            .ToDictionary(p => p.Key, p => p.Value);
}
