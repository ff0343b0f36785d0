namespace AppHost.Tests.Infrastructure;

// Processes read from /proc, identified by PID and start time so that a reused PID is not mistaken
// for the process that once had it.
public sealed record ProcessIdentity(int Pid, ulong StartTime, string Command)
{
    public bool IsAlive => Read(Pid) is { } now && now.Process.StartTime == StartTime;

    public override string ToString() => $"{Pid} {Command}";

    // The processes given and all their descendants, as they are now.
    public static IReadOnlyList<ProcessIdentity> WithDescendants(IEnumerable<int> roots)
    {
        var all = Directory.GetDirectories("/proc")
            .Select(directory => int.TryParse(Path.GetFileName(directory), out var pid) ? Read(pid) : null)
            .OfType<(ProcessIdentity Process, int ParentPid)>()
            .ToList();

        var found = new Dictionary<int, ProcessIdentity>();
        var frontier = new Queue<int>(roots);
        while (frontier.TryDequeue(out var pid))
        {
            var process = all.FirstOrDefault(p => p.Process.Pid == pid).Process;
            if (process is null || !found.TryAdd(pid, process))
            {
                continue;
            }
            foreach (var child in all.Where(p => p.ParentPid == pid))
            {
                frontier.Enqueue(child.Process.Pid);
            }
        }
        return [.. found.Values];
    }

    private static (ProcessIdentity Process, int ParentPid)? Read(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ... starttime(22nd field)"; comm may hold spaces.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var commandEnd = stat.LastIndexOf(')');
            var command = stat[(stat.IndexOf('(') + 1)..commandEnd];
            var fields = stat[(commandEnd + 2)..].Split(' ');
            if (fields[0] == "Z")
            {
                return null; // a zombie has exited; only its parent's bookkeeping is left
            }
            return (new ProcessIdentity(pid, ulong.Parse(fields[19]), command), int.Parse(fields[1]));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
