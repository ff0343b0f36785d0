namespace Benchmarks.Seeding;

// What the seed left for the scenarios: the account, its access token (in a file for wrk), the
// path files, and the codes the warm-up must put in the cache.
public sealed record SeededData(
    string Email,
    string AccessToken,
    string AuthorizationFile,
    string PopularPaths,
    IReadOnlyList<string> PopularCodesDrawn,
    string ColdPaths,
    string UnknownPaths,
    string CreatePaths,
    string ListPaths,
    string StatsPaths,
    string BusiestCode);
