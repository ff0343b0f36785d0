namespace Api.DemoData;

// The body of POST /api/operator/demo-data: how many demo links to add (DefaultLinks when left out).
public sealed record DemoDataRequest(int? Links)
{
    public const string LinksField = "links";
    public const int MinimumLinks = 1;
    public const int MaximumLinks = 500;
    public const int DefaultLinks = 20;

    // Field -> messages, empty when the request is acceptable.
    public Dictionary<string, string[]> Validate() =>
        Links is null or (>= MinimumLinks and <= MaximumLinks)
            ? []
            : new() { [LinksField] = [$"Ask for {MinimumLinks} to {MaximumLinks} links."] };
}

// What a seeding did, and how to sign in as the demo account.
public sealed record DemoDataSeeded(string Email, string Password, bool AccountCreated, int Links, int Clicks);
