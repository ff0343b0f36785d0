namespace Benchmarks.Report;

// The share of the whole machine (all cores = 100%) one group of processes used during a measured run.
public sealed record CpuShare(string Processes, double Percent);
