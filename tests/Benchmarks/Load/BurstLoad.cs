namespace Benchmarks.Load;

// One wrk process of a burst (burst.lua): what it sends, where, with how many connections opened at once
// and for how long. LocationPattern is the Lua pattern every 302's Location must match; Tag keeps the
// emails and targets it makes apart from any other run's.
public sealed record BurstLoad(
    Uri Target,
    BurstRequest Request,
    int Connections,
    TimeSpan Duration,
    string Tag,
    string? PathsFile = null,
    string? AuthorizationFile = null,
    string? LocationPattern = null);

public enum BurstRequest
{
    // GET each path of PathsFile in turn.
    Get,

    // POST /api/links with a new target each time.
    CreateLink,

    // POST /api/auth/register with a new email each time.
    Register,
}
