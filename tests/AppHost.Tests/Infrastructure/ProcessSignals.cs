using System.Diagnostics;

namespace AppHost.Tests.Infrastructure;

// Freezes and thaws processes: a frozen server keeps its connections open and answers nothing, like a
// broker that is blocked or stalled rather than down.
public static class ProcessSignals
{
    public static void Freeze(IEnumerable<ProcessIdentity> processes) => Send(processes, "-STOP");

    public static void Thaw(IEnumerable<ProcessIdentity> processes) => Send(processes, "-CONT");

    // PostgreSQL's fast shutdown (what its container image stops with): sessions are disconnected, not waited for.
    public static void Interrupt(IEnumerable<ProcessIdentity> processes) => Send(processes, "-INT");

    private static void Send(IEnumerable<ProcessIdentity> processes, string signal)
    {
        var alive = processes.Where(p => p.IsAlive).Select(p => p.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        using var kill = Process.Start("kill", [signal, .. alive]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {string.Join(' ', alive)} exited with {kill.ExitCode}");
        }
    }
}
