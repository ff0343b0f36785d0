using System.Security.Cryptography;
using Api.Accounts;
using Api.Clicks;
using Links;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Api.DemoData;

// Adds demo links with a month of clicks to the demo account, creating the account the first time and
// setting its password every time: DemoData:Password, or a new generated one when none is configured. Links go
// through the LinkStore like any other; the clicks go through the click pipeline (ClickPublisher ->
// RabbitMQ -> Worker), which stores each at its own OccurredAt, so the rollups take past days as they take today.
public sealed class DemoDataSeeder(
    AccountStore accounts,
    IPasswordHasher<Account> hasher,
    LinkStore links,
    ClickPublisher clicks,
    IOptions<ShortLinkOptions> shortLinks,
    IOptions<DemoDataOptions> options,
    TimeProvider time,
    ILogger<DemoDataSeeder> logger)
{
    public const string Email = "demo@example.com";
    private const int PasswordLength = 20;
    private const string PasswordCharacters = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private static readonly string[] Targets =
    [
        "https://example.com/blog/scaling-out-a-web-app",
        "https://example.org/docs/getting-started",
        "https://example.net/pricing",
        "https://example.com/talks/caching-in-practice",
        "https://example.org/changelog",
        "https://example.net/careers",
        "https://example.com/newsletter/issue-42",
        "https://example.org/events/meetup",
    ];

    public async Task<DemoDataSeeded> SeedAsync(int linkCount, CancellationToken cancellationToken)
    {
        var password = string.IsNullOrEmpty(options.Value.Password)
            ? RandomNumberGenerator.GetString(PasswordCharacters, PasswordLength)
            : options.Value.Password;
        var created = await SetPasswordAsync(password, cancellationToken);
        var owner = (await accounts.FindByEmailAsync(Email, cancellationToken))!.Id;

        var now = time.GetUtcNow();
        var (linksCreated, clickCount) = (0, 0);
        for (var i = 0; i < linkCount; i++)
        {
            var target = $"{Targets[i % Targets.Length]}?utm_source=demo&n={i + 1}";
            if (!NewLink.TryCreate(target, code: null, shortLinks.Value, out var newLink, out var errors))
            {
                throw new InvalidOperationException($"A demo target is refused: {string.Join("; ", errors.Select(e => e.Message))}");
            }
            if (await links.CreateAsync(owner, newLink, cancellationToken) is not { } link)
            {
                continue; // every generated code was taken: one link fewer
            }
            linksCreated++;
            foreach (var click in DemoClicks.For(link.Link.Code, now))
            {
                await clicks.RecordWaitingAsync(click, cancellationToken);
                clickCount++;
            }
        }
        var seeded = new DemoDataSeeded(Email, password, created, linksCreated, clickCount);
        logger.LogInformation("Demo data: {Links} links with {Clicks} clicks for {Email} (account {Created})",
            seeded.Links, seeded.Clicks, Email, created ? "created" : "existed");
        return seeded;
    }

    // True when the account was created.
    private async Task<bool> SetPasswordAsync(string password, CancellationToken cancellationToken)
    {
        var account = new Account(Guid.CreateVersion7(), Email, "");
        account = account with { PasswordHash = hasher.HashPassword(account, password) };
        if (await accounts.CreateAsync(account, cancellationToken))
        {
            return true;
        }
        var existing = (await accounts.FindByEmailAsync(Email, cancellationToken))!;
        await accounts.UpdatePasswordHashAsync(existing.Id, hasher.HashPassword(existing, password), cancellationToken);
        return false;
    }
}
