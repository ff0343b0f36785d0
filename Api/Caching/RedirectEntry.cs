namespace Api.Caching;

// What a code resolves to at one version of its row. Target null: the code does not resolve
// (version 0: no such link yet; above 0: the link was deleted).
public sealed record RedirectEntry(long Version, string? Target)
{
    public static RedirectEntry Unknown { get; } = new(0, null);
}
