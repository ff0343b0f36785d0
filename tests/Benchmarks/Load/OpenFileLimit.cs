using System.Globalization;

namespace Benchmarks.Load;

// This process's limit on open files (soft, hard), which the processes it starts inherit.
public static class OpenFileLimit
{
    public static (long Soft, long Hard) Read()
    {
        // "Max open files            20000                20000                files"
        var line = File.ReadLines("/proc/self/limits").First(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (Parse(fields[0]), Parse(fields[1]));
    }

    private static long Parse(string value) => value == "unlimited" ? long.MaxValue : long.Parse(value, CultureInfo.InvariantCulture);
}
