namespace Benchmarks.Pipeline;

// After a redirect run with the Workers running: how long the last events took to be stored, and
// whether the queue grew while the load lasted (the backlog the Workers could not keep up with).
public sealed record LoadDrain(string Scenario, long MaxQueueDepthDuringLoad, double SecondsFromLastRedirectToLastCommit);
