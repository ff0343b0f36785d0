using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Benchmarks.Report;

// The machine, commit and configuration a report's figures belong to.
public sealed record MachineInfo(int Cores, double MemoryGiB, string Cpu, string OperatingSystem, string Runtime, string Commit, bool CommitHasLocalChanges, DateTimeOffset Date)
{
    public static MachineInfo Read()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memoryKiB = long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        var osRelease = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? RuntimeInformation.OSDescription;
        return new MachineInfo(
            Environment.ProcessorCount,
            Math.Round(memoryKiB / 1024.0 / 1024.0, 1),
            cpu,
            osRelease,
            RuntimeInformation.FrameworkDescription,
            Git("rev-parse HEAD"),
            Git("status --porcelain --untracked-files=no").Length > 0,
            DateTimeOffset.UtcNow);
    }

    private static string Git(string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
