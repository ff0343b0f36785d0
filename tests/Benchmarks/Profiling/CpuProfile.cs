namespace Benchmarks.Profiling;

// A sample profile of one api replica under load. Samples: every thread sample taken; ManagedSamples:
// those of a thread running managed code (the others were waiting, or in native code, where EventPipe
// cannot tell CPU from waiting), which the frames count. TopExclusive: the frames on top of the most
// managed samples; TopAppInclusive: the app's own methods (Api., Links., ReadRouting., Messaging.)
// anywhere in the most managed samples; LockTakers: for the samples of a thread waiting on a contended lock, the first
// method outside System.Threading below the wait (the code that asked for the lock).
public sealed record CpuProfile(
    string Scenario,
    string Process,
    double Seconds,
    long Samples,
    long ManagedSamples,
    string TraceFile,
    IReadOnlyList<ProfileFrame> TopExclusive,
    IReadOnlyList<ProfileFrame> TopAppInclusive,
    IReadOnlyList<ProfileFrame> LockTakers);

// One method and the managed samples it was in (on top of, for exclusive), also as a share of them all.
public sealed record ProfileFrame(string Method, long Samples, double Percent);
